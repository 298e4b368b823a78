using System.Text.RegularExpressions;

namespace NodeAgent.Configuration;

internal static partial class AgentConfigReader
{
    private const int MaxAllowedHosts = 32;

    /// <summary>
    /// <c>Web:AllowedHosts</c>: further names the web UI and API may be reached by over TCP (besides IP addresses,
    /// localhost and this machine's host name). One ';'-separated value or an array (<c>Web:AllowedHosts:N</c>).
    /// </summary>
    private static List<string> ReadAllowedHosts(ConfigLayers layers, List<string> problems)
    {
        var raw = ReadList(layers, "Web:AllowedHosts");
        var hosts = new List<string>();
        foreach (var (host, from) in raw)
        {
            if (AllowedHostProblem(host) is { } why)
            {
                problems.Add($"{from}: '{host}' {why}");
                continue;
            }
            hosts.Add(host.TrimEnd('.').ToLowerInvariant());
        }
        if (hosts.Count > MaxAllowedHosts)
        {
            problems.Add($"Web:AllowedHosts: {hosts.Count} names; at most {MaxAllowedHosts}");
        }
        return hosts;
    }

    private static string? AllowedHostProblem(string host) =>
        host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal)
            ? "is not a host name: write the name alone, without scheme or path (e.g. node.example.net)"
        : host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')
            ? "is not a host name: write it without a port (any port of this node is allowed)"
        : System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _)
            ? "is an IP address: addresses are always allowed, list only names"
        : host.TrimEnd('.').Length > 253 || !HostNamePattern().IsMatch(host.TrimEnd('.'))
            ? "is not a host name: dot-separated labels of a-z, 0-9 and '-' (1-63 characters each, not starting or ending with '-')"
        : null;

    [GeneratedRegex(@"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^Web:AllowedHosts:\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllowedHostsArrayKey();
}
