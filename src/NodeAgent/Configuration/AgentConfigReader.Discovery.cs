using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using NodeAgent.Discovery;

namespace NodeAgent.Configuration;

internal static partial class AgentConfigReader
{
    /// <summary>
    /// <c>Services:N:*</c>, an array in the JSON file or <c>NODEAGENT__SERVICES__N__TYPE</c> variables. Indices need
    /// not be dense (a variable may add service 7 to a file that declares 0 and 1); they are taken in order.
    /// </summary>
    internal static List<LocalService> ReadServices(ConfigLayers layers, List<string> problems)
    {
        var indices = new SortedSet<int>();
        foreach (var (key, _) in layers.Entries)
        {
            if (ServiceKey().Match(key) is { Success: true } m && int.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                indices.Add(n);
            }
        }
        var services = new List<LocalService>();
        var seen = new HashSet<(string, string)>();
        foreach (var i in indices)
        {
            var prefix = $"Services:{i}";
            var before = problems.Count;
            var type = Required(layers, $"{prefix}:Type", problems, out var typeOrigin);
            var name = Required(layers, $"{prefix}:Name", problems, out var nameOrigin);
            var portText = Required(layers, $"{prefix}:Port", problems, out var portOrigin);
            if (type is not null && !ServiceRules.IsValidType(type))
            {
                problems.Add($"{typeOrigin}: '{type}' {ServiceRules.TypeRule}");
            }
            if (name is not null && !ServiceRules.IsValidName(name))
            {
                problems.Add($"{nameOrigin}: '{name}' {ServiceRules.NameRule}");
            }
            var port = 0;
            if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || !ServiceRules.IsValidPort(port)))
            {
                problems.Add($"{portOrigin}: '{portText}' {ServiceRules.PortRule}");
            }
            var fields = ReadFields(layers, prefix, problems);
            if (problems.Count > before || type is null || name is null)
            {
                continue;
            }
            if (!seen.Add((type, name)))
            {
                problems.Add($"{nameOrigin}: a service '{name}' of type {type} is already declared; instance names must differ per type");
                continue;
            }
            var service = new LocalService(type, name, port, fields);
            if (RecordCodec.EncodedSize(service) is var size && size > ServiceRules.MaxRecordBytes)
            {
                problems.Add($"{prefix}: the service '{name}' is {size} bytes encoded, more than the {ServiceRules.MaxRecordBytes} one Serf answer can carry; shorten its fields");
                continue;
            }
            services.Add(service);
        }
        if (services.Count > RecordCodec.MaxServicesPerNode)
        {
            problems.Add($"Services: {services.Count} services declared; a node publishes at most {RecordCodec.MaxServicesPerNode}");
        }
        return services;
    }

    private static SortedDictionary<string, string> ReadFields(ConfigLayers layers, string prefix, List<string> problems)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var entries = layers.Entries
            .Where(e => e.Key.StartsWith($"{prefix}:Fields:", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (entries.Count > ServiceRules.MaxFields)
        {
            problems.Add($"{prefix}:Fields: {entries.Count} fields; at most {ServiceRules.MaxFields}");
            return fields;
        }
        foreach (var (_, (value, origin)) in entries)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? value : value[..eq];
            var text = eq < 0 ? "" : value[(eq + 1)..];
            if (eq < 0 || !ServiceRules.IsValidKey(key))
            {
                problems.Add($"{origin}: '{value}' must be key=value with a key of 1-32 characters of a-z 0-9 '_' '-'");
            }
            else if (!ServiceRules.IsValidValue(text))
            {
                problems.Add($"{origin}: the value of '{key}' must be at most {ServiceRules.MaxValueLength} characters without control characters");
            }
            else if (!fields.TryAdd(key, text))
            {
                problems.Add($"{origin}: field '{key}' is given twice");
            }
        }
        return fields;
    }

    private static string? Required(ConfigLayers layers, string key, List<string> problems, out string origin)
    {
        if (layers.TryGet(key, out var value, out origin) && value.Trim().Length > 0)
        {
            return value.Trim();
        }
        origin = key;
        problems.Add($"{key} is missing; every declared service needs Type, Name and Port");
        return null;
    }

    internal static SerfDiscoveryOptions ReadSerf(ConfigLayers layers, List<string> problems)
    {
        var enabled = true;
        if (layers.TryGet("Discovery:Serf:Enabled", out var e, out var eo) && !bool.TryParse(e.Trim(), out enabled))
        {
            problems.Add($"{eo}: '{e}' must be true or false");
            enabled = true;
        }
        var address = SerfDiscoveryOptions.DefaultRpcAddress;
        if (layers.TryGet("Discovery:Serf:RpcAddress", out var a, out var ao))
        {
            if (!IPEndPoint.TryParse(a.Trim(), out var parsed) || parsed.Port == 0)
            {
                problems.Add($"{ao}: '{a}' is not an RPC address; write ADDRESS:PORT, e.g. 127.0.0.1:7373 (serf agent -rpc-addr)");
            }
            else
            {
                address = parsed;
            }
        }
        string? key = null;
        if (layers.TryGet("Discovery:Serf:AuthKey", out var k, out var ko))
        {
            if (k.Length == 0 || k.Length > 256 || k.Any(char.IsControl))
            {
                problems.Add($"{ko}: the auth key must be 1-256 characters without control characters (serf agent -rpc-auth)");
            }
            else
            {
                key = k;
            }
        }
        return new SerfDiscoveryOptions { Enabled = enabled, RpcAddress = address, AuthKey = key };
    }

    [GeneratedRegex(@"^Services:(?<n>\d{1,4}):(Type|Name|Port|Fields:\d{1,4})\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceKey();
}
