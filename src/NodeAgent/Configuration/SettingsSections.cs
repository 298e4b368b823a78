using System.Globalization;
using System.Text.RegularExpressions;
using NodeAgent.Discovery;

namespace NodeAgent.Configuration;

/// <summary>
/// The owner-editable sections of the configuration (discovery backends, declared services) written back as the
/// flat <c>Section:Key</c> pairs the configuration file uses. The owner's saved choices are stored in that form and
/// read again by <see cref="AgentConfigReader"/>, so a saved value passes exactly the checks a configured one does.
/// </summary>
internal static partial class SettingsSections
{
    public static List<KeyValuePair<string, string>> Pairs(SerfDiscoveryOptions serf)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("Discovery:Serf:Enabled", Bool(serf.Enabled)),
            new("Discovery:Serf:RpcAddress", serf.RpcAddress.ToString()),
        };
        if (serf.AuthKey is { } key)
        {
            pairs.Add(new("Discovery:Serf:AuthKey", key));
        }
        return pairs;
    }

    public static List<KeyValuePair<string, string>> Pairs(EtcdDiscoveryOptions etcd)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("Discovery:Etcd:Enabled", Bool(etcd.Enabled)),
            new("Discovery:Etcd:Prefix", etcd.Prefix),
            new("Discovery:Etcd:TtlSeconds", Number((int)etcd.Ttl.TotalSeconds)),
        };
        for (var i = 0; i < etcd.Endpoints.Count; i++)
        {
            pairs.Add(new($"Discovery:Etcd:Endpoints:{Number(i)}", etcd.Endpoints[i]));
        }
        return pairs;
    }

    public static List<KeyValuePair<string, string>> Pairs(AvahiDiscoveryOptions avahi) =>
    [
        new("Discovery:Avahi:Enabled", Bool(avahi.Enabled)),
        new("Discovery:Avahi:ServicesDirectory", avahi.ServicesDirectory),
        new("Discovery:Avahi:Browse", Bool(avahi.Browse)),
        new("Discovery:Avahi:BusAddress", avahi.BusAddress),
    ];

    public static List<KeyValuePair<string, string>> Pairs(IReadOnlyList<LocalService> services)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var prefix = $"Services:{Number(i)}";
            pairs.Add(new($"{prefix}:Type", s.Type));
            pairs.Add(new($"{prefix}:Name", s.Name));
            pairs.Add(new($"{prefix}:Port", Number(s.Port)));
            var j = 0;
            foreach (var (key, value) in s.Fields)
            {
                pairs.Add(new($"{prefix}:Fields:{Number(j++)}", $"{key}={value}"));
            }
        }
        return pairs;
    }

    /// <summary>Whether two sections hold the same values (records holding lists do not compare by value).</summary>
    public static bool Same(List<KeyValuePair<string, string>> a, List<KeyValuePair<string, string>> b) => a.SequenceEqual(b);

    /// <summary>Layers holding <paramref name="pairs"/>, each named in problems by its API field path (see <see cref="FieldPath"/>).</summary>
    public static ConfigLayers Layers(IEnumerable<KeyValuePair<string, string>> pairs, string originPrefix = "")
    {
        var layers = new ConfigLayers();
        foreach (var (key, value) in pairs)
        {
            layers.Add(key, value, originPrefix + FieldPath(key));
        }
        return layers;
    }

    /// <summary>
    /// A configuration key as the JSON path of the settings API: <c>Discovery:Etcd:Endpoints:2</c> →
    /// <c>discovery.etcd.endpoints[2]</c>, <c>Services:0:Port</c> → <c>services[0].port</c>, <c>Node:GuifiNode</c> → <c>guifiNode</c>.
    /// </summary>
    public static string FieldPath(string key)
    {
        if (key.StartsWith("Node:", StringComparison.OrdinalIgnoreCase))
        {
            key = key["Node:".Length..];
        }
        var path = new System.Text.StringBuilder(key.Length + 8);
        foreach (var part in key.Split(':'))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(part).Append(']');
                continue;
            }
            if (path.Length > 0)
            {
                path.Append('.');
            }
            path.Append(char.ToLowerInvariant(part[0])).Append(part.AsSpan(1));
        }
        return path.ToString();
    }

    /// <summary>Rewrites the configuration keys a reader message names (<c>Services:0:Type is missing</c>) as API field paths.</summary>
    public static string InFieldPaths(string message) =>
        ConfigKey().Replace(message, m => FieldPath(m.Value));

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(?:Services(?::\d+(?::(?:Type|Name|Port|Fields(?::\d+)?))?)?|Discovery:(?:Serf|Etcd|Avahi):[A-Za-z]+(?::\d+)?|Node:GuifiNode)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigKey();
}
