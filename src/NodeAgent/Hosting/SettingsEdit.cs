using System.Globalization;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// Turns a <see cref="SettingsUpdate"/> into the owner's next saved settings, or the list of what is wrong with it.
/// Each edited section is the section now in force with the request's fields laid over it, read back by
/// <see cref="AgentConfigReader"/>: the checks and messages are the configuration file's, with the API's field
/// paths as origins. Nothing is saved unless every part is valid.
/// </summary>
internal static class SettingsEdit
{
    /// <summary>The saved settings after <paramref name="update"/>; null with <paramref name="problems"/> filled when it is refused.</summary>
    public static SavedSettings? Apply(SavedSettings saved, AgentOptions configured, SettingsUpdate update, List<FieldProblem> problems)
    {
        var messages = new List<string>();
        if (update.Name is { } name && !NodeNames.IsValid(name))
        {
            problems.Add(new("name", $"name '{name}' {NodeNames.Rule}"));
        }
        if (update.Community is { } community && community.Length > 0 && !Communities.IsValid(community))
        {
            problems.Add(new("community", $"community '{community}' {Communities.Rule}"));
        }
        var next = saved with
        {
            Name = update.Name ?? saved.Name,
            Community = update.Community ?? saved.Community,
            LanReadOnly = update.LanReadOnly ?? saved.LanReadOnly,
        };
        if (update.GuifiNode is { } guifi)
        {
            // 0 is the API's way to say "none"; anything else goes through the configuration's rule.
            next = next with { GuifiNode = guifi == 0 ? 0 : AgentConfigReader.ReadGuifiNode(One("Node:GuifiNode", Text(guifi)), messages) };
        }
        if (update.Services is { } services)
        {
            next = next with { Services = AgentConfigReader.ReadServices(SettingsSections.Layers(ServicePairs(services, messages)), messages) };
        }
        if (update.Discovery?.Serf is { } serf)
        {
            var pairs = Over(SettingsSections.Pairs(saved.Serf ?? configured.Serf),
                ("Discovery:Serf:Enabled", Text(serf.Enabled)), ("Discovery:Serf:RpcAddress", serf.RpcAddress));
            if (serf.AuthKey is { } key)
            {
                pairs.RemoveAll(p => p.Key == "Discovery:Serf:AuthKey");
                if (key.Length > 0)
                {
                    pairs.Add(new("Discovery:Serf:AuthKey", key));
                }
            }
            next = next with { Serf = AgentConfigReader.ReadSerf(SettingsSections.Layers(pairs), messages) };
        }
        if (update.Discovery?.Etcd is { } etcd)
        {
            var pairs = Over(SettingsSections.Pairs(saved.Etcd ?? configured.Etcd),
                ("Discovery:Etcd:Enabled", Text(etcd.Enabled)), ("Discovery:Etcd:Prefix", etcd.Prefix), ("Discovery:Etcd:TtlSeconds", Text(etcd.TtlSeconds)));
            if (etcd.Endpoints is { } endpoints)
            {
                pairs.RemoveAll(p => p.Key.StartsWith("Discovery:Etcd:Endpoints", StringComparison.Ordinal));
                pairs.AddRange(endpoints.Select((url, i) => new KeyValuePair<string, string>($"Discovery:Etcd:Endpoints:{Text(i)}", url ?? "")));
            }
            next = next with { Etcd = AgentConfigReader.ReadEtcd(SettingsSections.Layers(pairs), messages) };
        }
        if (update.Discovery?.Avahi is { } avahi)
        {
            var pairs = Over(SettingsSections.Pairs(saved.Avahi ?? configured.Avahi),
                ("Discovery:Avahi:Enabled", Text(avahi.Enabled)), ("Discovery:Avahi:ServicesDirectory", avahi.ServicesDirectory),
                ("Discovery:Avahi:Browse", Text(avahi.Browse)), ("Discovery:Avahi:BusAddress", avahi.BusAddress));
            next = next with { Avahi = AgentConfigReader.ReadAvahi(SettingsSections.Layers(pairs), messages) };
        }
        foreach (var message in messages)
        {
            problems.Add(ToFieldProblem(SettingsSections.InFieldPaths(message)));
        }
        return problems.Count == 0 ? next : null;
    }

    /// <summary>A reader message starts with the field it is about: "services[1].port: '0' must be …" or "services[0].type is missing; …".</summary>
    internal static FieldProblem ToFieldProblem(string message)
    {
        var end = message.IndexOfAny([':', ' ']);
        var field = end > 0 ? message[..end] : "";
        return new(field.Length > 0 && (char.IsAsciiLetterLower(field[0])) ? field : "", message);
    }

    /// <summary>
    /// The services as configuration pairs. A field must already be <c>key=value</c>; an empty type, name or port is
    /// left out so that the reader reports it missing, in its words.
    /// </summary>
    private static List<KeyValuePair<string, string>> ServicePairs(IReadOnlyList<DeclaredService> services, List<string> messages)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < services.Count; i++)
        {
            var prefix = $"Services:{Text(i)}";
            if (services[i] is not { } s || (s.Type is null && s.Name is null && s.Port is null))
            {
                messages.Add($"{prefix} is missing; every declared service needs Type, Name and Port");
                continue;
            }
            Add(pairs, $"{prefix}:Type", s.Type);
            Add(pairs, $"{prefix}:Name", s.Name);
            Add(pairs, $"{prefix}:Port", s.Port is { } port ? Text(port) : null);
            var fields = s.Fields ?? [];
            for (var j = 0; j < fields.Count; j++)
            {
                Add(pairs, $"{prefix}:Fields:{Text(j)}", fields[j] ?? "");
            }
        }
        return pairs;
    }

    private static void Add(List<KeyValuePair<string, string>> pairs, string key, string? value)
    {
        if (value is not null)
        {
            pairs.Add(new(key, value));
        }
    }

    /// <summary>The section's pairs with the given values (non-null ones) replacing or adding to them.</summary>
    private static List<KeyValuePair<string, string>> Over(List<KeyValuePair<string, string>> pairs, params (string Key, string? Value)[] changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is not null)
            {
                pairs.RemoveAll(p => p.Key == key);
                pairs.Add(new(key, value));
            }
        }
        return pairs;
    }

    private static ConfigLayers One(string key, string value) => SettingsSections.Layers([new(key, value)]);

    private static string? Text(bool? value) => value is { } b ? (b ? "true" : "false") : null;

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
