using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodeAgent.Configuration;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>
/// This node's Serf tags, kept tiny because Serf allows 512 bytes for all of a member's tags: agent version,
/// node id, community, the digest and size of the record set, and a coarse spare capacity. The records
/// themselves travel by query. Received tags are checked the same way; a member whose tags are not a valid
/// summary counts as a node without NodeAgent.
/// </summary>
internal static partial class TagSummary
{
    public const string VersionTag = "na";
    public const string IdTag = "id";
    public const string CommunityTag = "c";
    public const string DigestTag = "d";
    public const string CountTag = "n";
    public const string CapacityTag = "r";

    /// <summary>The node's guifi.net id, so that <c>serf members</c> links a node to guifi.net even when it publishes nothing.</summary>
    public const string GuifiTag = "g";

    /// <summary>Serf's limit for a member's tags, msgpack-encoded.</summary>
    public const int MaxTagBytes = 512;

    private const long MiB = 1024 * 1024;

    public static readonly string[] AllTags = [VersionTag, IdTag, CommunityTag, DigestTag, CountTag, CapacityTag, GuifiTag];

    public static Dictionary<string, string> Build(NodeSummary summary)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [VersionTag] = summary.Version,
            [IdTag] = summary.NodeId,
            [CommunityTag] = summary.Community,
            [DigestTag] = summary.Digest,
            [CountTag] = summary.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (summary.Capacity is { } capacity)
        {
            tags[CapacityTag] = FormatCapacity(capacity);
        }
        if (summary.GuifiNode is { } guifi)
        {
            tags[GuifiTag] = guifi.ToString(CultureInfo.InvariantCulture);
        }
        return tags;
    }

    /// <summary>The summary in a member's tags; null when the member runs no NodeAgent, with why in <paramref name="error"/> when its tags are bad.</summary>
    public static NodeSummary? TryParse(IReadOnlyDictionary<string, string> tags, out string error)
    {
        error = "";
        if (!tags.TryGetValue(VersionTag, out var version) || !tags.TryGetValue(IdTag, out var id))
        {
            return null;
        }
        var community = tags.GetValueOrDefault(CommunityTag) ?? "";
        var digest = tags.GetValueOrDefault(DigestTag) ?? "";
        var count = tags.GetValueOrDefault(CountTag) ?? "";
        SpareCapacity? capacity = null;
        int guifiNode = 0;
        error = true switch
        {
            _ when !VersionPattern().IsMatch(version) => $"tag {VersionTag} '{Clip(version)}' is not a version",
            _ when !RecordCodec.NodeIdPattern().IsMatch(id) => $"tag {IdTag} '{Clip(id)}' is not 32 hex digits",
            _ when community.Length > 0 && !Communities.IsValid(community) => $"tag {CommunityTag} '{Clip(community)}' {Communities.Rule}",
            _ when !RecordCodec.DigestPattern().IsMatch(digest) => $"tag {DigestTag} '{Clip(digest)}' is not 16 hex digits",
            _ when !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > RecordCodec.MaxServicesPerNode =>
                $"tag {CountTag} '{Clip(count)}' is not a count from 0 to {RecordCodec.MaxServicesPerNode}",
            _ when tags.TryGetValue(CapacityTag, out var r) && (capacity = ParseCapacity(r)) is null => $"tag {CapacityTag} '{Clip(r)}' is not MiB,MiB,load×10",
            _ when tags.TryGetValue(GuifiTag, out var g) && !GuifiNodes.TryParse(g, out guifiNode) => $"tag {GuifiTag} '{Clip(g)}' {GuifiNodes.Rule}",
            _ => "",
        };
        return error.Length > 0 ? null : new NodeSummary(version, id, community, digest, int.Parse(count, CultureInfo.InvariantCulture), capacity, guifiNode > 0 ? guifiNode : null);
    }

    /// <summary>Memory to 16 MiB, disk to 256 MiB, load to 0.1: coarse enough that the tag changes rarely.</summary>
    public static SpareCapacity Round(SpareCapacity c) => new(
        c.MemAvailableBytes is { } m ? m / (16 * MiB) * 16 * MiB : null,
        c.DiskAvailableBytes is { } d ? d / (256 * MiB) * 256 * MiB : null,
        c.Load1 is { } l ? Math.Round(l, 1) : null);

    public static string FormatCapacity(SpareCapacity c) => string.Create(CultureInfo.InvariantCulture,
        $"{(c.MemAvailableBytes is { } m ? (m / MiB).ToString(CultureInfo.InvariantCulture) : "")},{(c.DiskAvailableBytes is { } d ? (d / MiB).ToString(CultureInfo.InvariantCulture) : "")},{(c.Load1 is { } l ? ((long)Math.Round(l * 10)).ToString(CultureInfo.InvariantCulture) : "")}");

    internal static SpareCapacity? ParseCapacity(string text)
    {
        var match = CapacityPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }
        static long? Number(Group g) => g.Success && g.Length > 0 ? long.Parse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : null;
        var load = Number(match.Groups["l"]);
        return new SpareCapacity(Number(match.Groups["m"]) * MiB, Number(match.Groups["d"]) * MiB, load / 10.0);
    }

    /// <summary>The msgpack size Serf counts against <see cref="MaxTagBytes"/>: a map of string to string.</summary>
    public static int EncodedSize(IReadOnlyDictionary<string, string> tags)
    {
        var size = tags.Count < 16 ? 1 : 3;
        foreach (var (key, value) in tags)
        {
            size += StringSize(key) + StringSize(value);
        }
        return size;
    }

    private static int StringSize(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        return n + (n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5);
    }

    private static string Clip(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…");

    [GeneratedRegex(@"^[0-9A-Za-z.+-]{1,32}\z", RegexOptions.CultureInvariant)]
    internal static partial Regex VersionPattern();

    [GeneratedRegex(@"^(?<m>\d{0,9}),(?<d>\d{0,12}),(?<l>\d{0,6})\z", RegexOptions.CultureInvariant)]
    private static partial Regex CapacityPattern();
}
