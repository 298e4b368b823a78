using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Web;

/// <summary>
/// The names a browser may use to reach this node over TCP. A page of another site can make its own DNS name
/// resolve to 127.0.0.1 or to the node's address (DNS rebinding) and then read the node's open API as if it were
/// its own origin; its requests still carry that foreign name in the Host header, and this list refuses them.
/// Allowed: any IP literal (the browser was pointed at the node itself), <c>localhost</c>, this machine's host name
/// (short and full) and <c>HOSTNAME.local</c> (mDNS), and the names the owner configured (<c>Web:AllowedHosts</c>).
/// </summary>
internal sealed class HostNames
{
    private readonly HashSet<string> _names;

    public HostNames(IEnumerable<string> names) =>
        _names = new HashSet<string>(names.Select(n => n.TrimEnd('.')).Where(n => n.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>The names of this machine plus <paramref name="configured"/>.</summary>
    public static HostNames ForThisMachine(IEnumerable<string> configured)
    {
        // gethostname(2), no DNS lookup: the full name, and the short name .NET derives from it.
        var full = Dns.GetHostName();
        var shortName = Environment.MachineName;
        return new HostNames(["localhost", full, shortName, $"{shortName}.local", .. configured]);
    }

    /// <summary>
    /// True when <paramref name="host"/> (a Host header without its port; IPv6 in brackets) is allowed. IPv4 only in
    /// dotted-quad form: browsers normalise every other spelling of an address, so anything else is a name.
    /// </summary>
    public bool Allows(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }
        if (host[0] == '[')
        {
            return host[^1] == ']' && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }
        if (IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && v4.ToString() == host)
        {
            return true;
        }
        return _names.Contains(host.TrimEnd('.'));
    }
}
