using LiteDB;
using NodeAgent.Configuration;

namespace NodeAgent.Storage;

/// <summary>
/// The settings document. Discovery and service sections are kept as the configuration file's <c>Section:Key</c>
/// pairs and read back by <see cref="AgentConfigReader"/>: one format, one set of checks for both.
/// </summary>
internal sealed partial class SettingsStore
{
    private static BsonDocument ToDocument(SavedSettings next)
    {
        var doc = new BsonDocument { ["_id"] = DocumentId };
        if (next.Name is not null)
        {
            doc["name"] = next.Name;
        }
        if (next.Community is not null)
        {
            doc["community"] = next.Community;
        }
        if (next.LanReadOnly is { } lan)
        {
            doc["lanReadOnly"] = lan;
        }
        if (next.GuifiNode is { } guifi)
        {
            doc["guifiNode"] = guifi;
        }
        Section(doc, "services", next.Services is { } services ? SettingsSections.Pairs(services) : null);
        Section(doc, "serf", next.Serf is { } serf ? SettingsSections.Pairs(serf) : null);
        Section(doc, "etcd", next.Etcd is { } etcd ? SettingsSections.Pairs(etcd) : null);
        Section(doc, "avahi", next.Avahi is { } avahi ? SettingsSections.Pairs(avahi) : null);
        return doc;
    }

    private static void Section(BsonDocument doc, string name, List<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is not null)
        {
            doc[name] = new BsonArray(pairs.Select(p => new BsonDocument { ["k"] = p.Key, ["v"] = p.Value }));
        }
    }

    private static SavedSettings FromDocument(BsonDocument doc, List<string> ignored) => new(OptionalString(doc, "name"), OptionalString(doc, "community"), OptionalBool(doc, "lanReadOnly"))
    {
        GuifiNode = doc.TryGetValue("guifiNode", out var g) && g.IsInt32 && g.AsInt32 >= 0 ? g.AsInt32 : null,
        Services = ReadSection(doc, "services", AgentConfigReader.ReadServices, ignored),
        Serf = ReadSection(doc, "serf", AgentConfigReader.ReadSerf, ignored),
        Etcd = ReadSection(doc, "etcd", AgentConfigReader.ReadEtcd, ignored),
        Avahi = ReadSection(doc, "avahi", AgentConfigReader.ReadAvahi, ignored),
    };

    private static T? ReadSection<T>(BsonDocument doc, string name, Func<ConfigLayers, List<string>, T> read, List<string> ignored) where T : class
    {
        if (!doc.TryGetValue(name, out var value) || !value.IsArray)
        {
            return null;
        }
        var pairs = value.AsArray.Where(e => e.IsDocument && e["k"].IsString && e["v"].IsString)
            .Select(e => new KeyValuePair<string, string>(e["k"].AsString, e["v"].AsString));
        var problems = new List<string>();
        var section = read(SettingsSections.Layers(pairs, "saved setting "), problems);
        if (problems.Count > 0)
        {
            ignored.Add($"the saved {name} settings are no longer valid ({string.Join("; ", problems)}); the configured ones apply");
            return null;
        }
        return section;
    }

    private static List<string> Describe(SavedSettings before, SavedSettings after)
    {
        var parts = new List<string>();
        if (before.Name != after.Name)
        {
            parts.Add($"name '{before.Name}' → '{after.Name}'");
        }
        if (before.Community != after.Community)
        {
            parts.Add($"community '{before.Community}' → '{after.Community}'");
        }
        if (before.LanReadOnly != after.LanReadOnly)
        {
            parts.Add(after.LanReadOnly == true ? "reads opened to the LAN" : "reads closed to the LAN (loopback and owners only)");
        }
        if (before.GuifiNode != after.GuifiNode)
        {
            parts.Add(after.GuifiNode is > 0 ? $"guifi.net node id {after.GuifiNode}" : "guifi.net node id removed");
        }
        if (Changed(before.Services, after.Services, SettingsSections.Pairs))
        {
            parts.Add($"declared services: {after.Services?.Count ?? 0}");
        }
        Backend(parts, "Serf", before.Serf, after.Serf, SettingsSections.Pairs, o => o.Enabled);
        Backend(parts, "etcd", before.Etcd, after.Etcd, SettingsSections.Pairs, o => o.Enabled);
        Backend(parts, "Avahi", before.Avahi, after.Avahi, SettingsSections.Pairs, o => o.Enabled);
        return parts;
    }

    private static void Backend<T>(List<string> parts, string name, T? before, T? after, Func<T, List<KeyValuePair<string, string>>> pairs, Func<T, bool> enabled)
        where T : class
    {
        if (Changed(before, after, pairs) && after is not null)
        {
            parts.Add($"{name} discovery {(enabled(after) ? "on" : "off")}");
        }
    }

    private static bool Changed<T>(T? before, T? after, Func<T, List<KeyValuePair<string, string>>> pairs) where T : class =>
        before is null ? after is not null : after is null || !SettingsSections.Same(pairs(before), pairs(after));

    private static string? OptionalString(BsonDocument doc, string key) => doc.TryGetValue(key, out var v) && v.IsString ? v.AsString : null;

    private static bool? OptionalBool(BsonDocument doc, string key) => doc.TryGetValue(key, out var v) && v.IsBoolean ? v.AsBoolean : null;
}
