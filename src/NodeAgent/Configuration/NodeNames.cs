using System.Text;
using System.Text.RegularExpressions;

namespace NodeAgent.Configuration;

/// <summary>
/// Node names end up as host names, mDNS names (<c>NAME.local</c>) and Serf node names,
/// so they follow the strictest of those: one lowercase DNS label.
/// </summary>
internal static partial class NodeNames
{
    public const string Rule = "must be a DNS label: 1-63 characters a-z, 0-9 and '-', not starting or ending with '-'";

    public static bool IsValid(string name) => Label().IsMatch(name);

    /// <summary>Makes a valid name out of whatever the host is called ("My_Pi.lan" → "my-pi").</summary>
    public static string FromHostName(string host)
    {
        var first = host.Split('.')[0].ToLowerInvariant();
        var sb = new StringBuilder(first.Length);
        foreach (var c in first)
        {
            sb.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }
        var name = sb.ToString().Trim('-');
        if (name.Length > 63)
        {
            name = name[..63].TrimEnd('-');
        }
        return name.Length == 0 ? "node" : name;
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
