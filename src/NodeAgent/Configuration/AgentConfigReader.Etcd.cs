using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeAgent.Configuration;

internal static partial class AgentConfigReader
{
    private const int MaxEtcdEndpoints = 16;

    /// <summary><c>Discovery:Etcd:*</c>. Endpoints may be one ';'-separated value or an array (<c>Endpoints:N</c>).</summary>
    internal static EtcdDiscoveryOptions ReadEtcd(ConfigLayers layers, List<string> problems)
    {
        var enabled = false;
        if (layers.TryGet("Discovery:Etcd:Enabled", out var e, out var eo) && !bool.TryParse(e.Trim(), out enabled))
        {
            problems.Add($"{eo}: '{e}' must be true or false");
        }
        var raw = new List<(string Value, string Origin)>();
        if (layers.TryGet("Discovery:Etcd:Endpoints", out var joined, out var jo))
        {
            raw.AddRange(joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => (u, jo)));
        }
        for (var i = 0; layers.TryGet($"Discovery:Etcd:Endpoints:{i}", out var one, out var o); i++)
        {
            raw.Add((one.Trim(), o));
        }
        var endpoints = new List<string>();
        foreach (var (url, origin) in raw)
        {
            if (EtcdEndpoint().Match(url) is not { Success: true } m
                || !int.TryParse(m.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                problems.Add($"{origin}: '{url}' is not an etcd client URL; write http://HOST:PORT as in etcd's --advertise-client-urls, e.g. http://127.0.0.1:2379 (no TLS, no path)");
            }
            else if (endpoints.Contains(url.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{origin}: '{url}' is listed twice");
            }
            else
            {
                endpoints.Add(url.TrimEnd('/'));
            }
        }
        if (endpoints.Count > MaxEtcdEndpoints)
        {
            problems.Add($"Discovery:Etcd:Endpoints: {endpoints.Count} URLs; at most {MaxEtcdEndpoints} (one per member is enough)");
        }
        if (enabled && raw.Count == 0)
        {
            problems.Add("Discovery:Etcd:Enabled is true but Discovery:Etcd:Endpoints is missing; list the etcd members' client URLs, e.g. http://127.0.0.1:2379");
        }
        var prefix = ReadString(layers, "Discovery:Etcd:Prefix", EtcdDiscoveryOptions.DefaultPrefix, v => EtcdPrefix().IsMatch(v) ? null
            : "must start and end with '/' and hold 1-64 characters of a-z A-Z 0-9 '/' '_' '-' '.', e.g. /nodeagent/v1/", problems);
        var ttl = ReadInt(layers, "Discovery:Etcd:TtlSeconds", 10, EtcdDiscoveryOptions.MinTtlSeconds, EtcdDiscoveryOptions.MaxTtlSeconds, problems);
        return new EtcdDiscoveryOptions { Enabled = enabled, Endpoints = endpoints, Prefix = prefix, Ttl = TimeSpan.FromSeconds(ttl) };
    }

    [GeneratedRegex(@"^http://(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?<port>\d{1,5})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex EtcdEndpoint();

    [GeneratedRegex(@"^/[A-Za-z0-9/_.-]{0,62}/$", RegexOptions.CultureInvariant)]
    private static partial Regex EtcdPrefix();

    [GeneratedRegex(@"^Discovery:Etcd:Endpoints:\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EtcdEndpointsArrayKey();
}
