using System.Text.Json;
using System.Text.RegularExpressions;

namespace NodeAgent.Discovery;

/// <summary>
/// Turns a node's services into pages that each fit one Serf query answer, and checks pages received from other
/// nodes: sizes, counts, JSON shape, every service against <see cref="ServiceRules"/>, and the digest of what was
/// assembled. Anything off rejects the whole answer with a reason fit to log.
/// </summary>
internal static partial class RecordCodec
{
    public const int WireVersion = 1;

    /// <summary>
    /// Largest page sent. Serf refuses answers above 1024 bytes once encoded with its envelope (query id, Lamport
    /// time, flags and the node name, up to 128 bytes here); 800 leaves room for all of it.
    /// </summary>
    public const int MaxPageBytes = 800;

    /// <summary>Largest page accepted: Serf's own limit, whatever the sender thinks.</summary>
    public const int MaxReceivedPageBytes = 1024;

    /// <summary>Most pages one node may have (≈100 KB of records).</summary>
    public const int MaxPages = 128;

    /// <summary>Most services one node may publish; a receiver refuses a set that claims more.</summary>
    public const int MaxServicesPerNode = 1000;

    /// <summary>Encoded size of one service inside a page.</summary>
    public static int EncodedSize(LocalService service) =>
        JsonSerializer.SerializeToUtf8Bytes(ToWire(service), DiscoveryWireContext.Default.ServiceWire).Length;

    /// <summary>Splits a record set into pages of at most <see cref="MaxPageBytes"/>, services in (type, name) order.</summary>
    /// <exception cref="ArgumentException">A service is too large for any page (configuration validation prevents it).</exception>
    public static RecordPages Paginate(string nodeId, IReadOnlyCollection<LocalService> services)
    {
        var digest = RecordDigest.Compute(nodeId, services);
        var sorted = services.OrderBy(s => s.Type, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).Select(ToWire).ToList();
        var groups = new List<List<ServiceWire>> { new() };
        foreach (var service in sorted)
        {
            var current = groups[^1];
            current.Add(service);
            // Measured with the widest page numbers, so renumbering below can only shrink it.
            if (Encode(nodeId, digest, MaxPages - 1, MaxPages, current).Length <= MaxPageBytes)
            {
                continue;
            }
            current.RemoveAt(current.Count - 1);
            if (current.Count == 0)
            {
                throw new ArgumentException($"service '{service.Name}' ({service.Type}) does not fit in one {MaxPageBytes}-byte answer", nameof(services));
            }
            groups.Add([service]);
        }
        if (groups.Count > MaxPages)
        {
            throw new ArgumentException($"{services.Count} services need {groups.Count} pages; at most {MaxPages}", nameof(services));
        }
        var pages = new byte[groups.Count][];
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i] = Encode(nodeId, digest, i, pages.Length, groups[i]);
        }
        return new RecordPages(nodeId, digest, services.Count, pages);
    }

    private static byte[] Encode(string nodeId, string digest, int page, int pages, List<ServiceWire> services) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new RecordPageWire { Version = WireVersion, Page = page, Pages = pages, Digest = digest, NodeId = nodeId, Services = services },
            DiscoveryWireContext.Default.RecordPageWire);

    private static ServiceWire ToWire(LocalService s) => new() { Type = s.Type, Name = s.Name, Port = s.Port, Fields = s.Fields };

    /// <summary>Reads one received page; null with <paramref name="error"/> when it is not a valid page.</summary>
    public static RecordPageWire? TryDecodePage(ReadOnlySpan<byte> payload, out string error)
    {
        if (payload.Length > MaxReceivedPageBytes)
        {
            error = $"answer of {payload.Length} bytes, larger than {MaxReceivedPageBytes}";
            return null;
        }
        RecordPageWire? page;
        try
        {
            page = JsonSerializer.Deserialize(payload, DiscoveryWireContext.Default.RecordPageWire);
        }
        catch (JsonException e)
        {
            error = $"answer is not a record page: {e.Message}";
            return null;
        }
        error = page switch
        {
            null => "answer is JSON null",
            { Version: not WireVersion } => $"record page version {page.Version}; this agent reads {WireVersion}",
            { Pages: < 1 or > MaxPages } => $"claims {page.Pages} pages; 1 to {MaxPages} allowed",
            _ when page.Page < 0 || page.Page >= page.Pages => $"page number {page.Page} out of range 0..{page.Pages - 1}",
            { Digest: null } or { NodeId: null } or { Services: null } => "page lacks its digest, node id or services",
            _ when !DigestPattern().IsMatch(page.Digest!) => "digest is not 16 hex digits",
            _ when !NodeIdPattern().IsMatch(page.NodeId!) => "node id is not 32 hex digits",
            _ => CheckServices(page.Services!),
        };
        return error.Length == 0 ? page : null;
    }

    private static string CheckServices(IReadOnlyList<ServiceWire> services)
    {
        foreach (var s in services)
        {
            if (s is null || s.Type is null || s.Name is null || s.Fields is null)
            {
                return "a service lacks its type, name or fields";
            }
            if (s.Fields.Values.Any(v => v is null))
            {
                return "a field value is null";
            }
            var problems = ServiceRules.Check(s.Type, s.Name, s.Port, s.Fields);
            if (problems.Count > 0)
            {
                return $"bad service: {problems[0]}";
            }
        }
        return "";
    }

    /// <summary>
    /// Assembles every page of one node's answer (each already through <see cref="TryDecodePage"/>): all pages
    /// present once, consistent, no duplicate service, at most <see cref="MaxServicesPerNode"/>, and the digest
    /// recomputed over the services equal to the one they claim and to <paramref name="expectedDigest"/>.
    /// </summary>
    public static IReadOnlyList<LocalService>? TryAssemble(IReadOnlyList<RecordPageWire> pages, string expectedNodeId, string expectedDigest, out string error)
    {
        var first = pages.Count > 0 ? pages[0] : null;
        if (first is null || pages.Count != first.Pages)
        {
            error = $"got {pages.Count} pages of {first?.Pages ?? 0}";
            return null;
        }
        var services = new List<LocalService>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            if (page.Page != i || page.Pages != first.Pages || page.Digest != first.Digest || page.NodeId != first.NodeId)
            {
                error = "pages disagree (page numbers, count, digest or node id)";
                return null;
            }
            foreach (var s in page.Services!)
            {
                if (!seen.Add((s.Type!, s.Name!)) || services.Count >= MaxServicesPerNode)
                {
                    error = services.Count >= MaxServicesPerNode ? $"more than {MaxServicesPerNode} services" : $"service '{s.Name}' ({s.Type}) appears twice";
                    return null;
                }
                services.Add(new LocalService(s.Type!, s.Name!, s.Port, new SortedDictionary<string, string>(s.Fields!.ToDictionary(), StringComparer.Ordinal)));
            }
        }
        if (first.NodeId != expectedNodeId)
        {
            error = $"answer is for node id {first.NodeId}, but the node's tag says {expectedNodeId}";
            return null;
        }
        if (first.Digest != expectedDigest)
        {
            error = $"answer has digest {first.Digest}, but {expectedDigest} was asked for";
            return null;
        }
        var computed = RecordDigest.Compute(first.NodeId!, services);
        if (computed != first.Digest)
        {
            error = $"the services' digest is {computed}, not the {first.Digest} they claim";
            return null;
        }
        error = "";
        return services;
    }

    [GeneratedRegex("^[0-9a-f]{16}\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex DigestPattern();

    [GeneratedRegex("^[0-9a-f]{32}\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex NodeIdPattern();
}
