using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>
/// Search and the participation table over what every enabled backend knows. Nodes are the same node when they
/// carry the same node id (a member without NodeAgent is known by name); services the same when node, type and
/// instance name match. Each result lists the backends that know it and when each last confirmed it. Where the
/// backends disagree on a detail (name, port, fields) the first backend given wins: Serf, which sees the node itself.
/// </summary>
internal static class CloudSearch
{
    /// <summary>Every service of every live agent that matches <paramref name="query"/>, by type, node and name.</summary>
    public static List<SearchResult> Search(IEnumerable<BackendNode> nodes, SearchQuery query)
    {
        var results = new List<SearchResult>();
        foreach (var node in Merge(nodes))
        {
            if (node.NodeId is null || node.Services.Count == 0)
            {
                continue;
            }
            if (query.Community is { } c && !string.Equals(c, node.Community, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (query.Node is { } n && !node.Names.Contains(n) && !string.Equals(n, node.NodeId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var (service, seen) in node.Services.Values)
            {
                if ((query.Type is null || query.Type == service.Type) && (query.Text is null || Matches(node, service, query.Text)))
                {
                    var record = ToRecord(node, service);
                    results.Add(new SearchResult(record, [.. seen.Keys], seen.Values.Max(), seen, ServiceActions.Resolve(record)));
                }
            }
        }
        results.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Record.Type, b.Record.Type);
            c = c != 0 ? c : string.CompareOrdinal(a.Record.NodeName, b.Record.NodeName);
            return c != 0 ? c : string.CompareOrdinal(a.Record.Name, b.Record.Name);
        });
        return results;
    }

    /// <summary>The participation table: nodes and agents alive, instances per type, overall and per community.</summary>
    public static CloudStats Stats(IEnumerable<BackendNode> nodes, IReadOnlyList<DiscoveryBackendState> backends, DateTimeOffset now)
    {
        var total = new Tally("");
        var communities = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var node in Merge(nodes))
        {
            if (!communities.TryGetValue(node.Community, out var tally))
            {
                communities.Add(node.Community, tally = new Tally(node.Community));
            }
            total.Add(node);
            tally.Add(node);
        }
        return new CloudStats(total.Nodes, total.Agents, total.Instances, [.. communities.Values.Select(t => t.ToStats())], backends, now);
    }

    private static List<MergedNode> Merge(IEnumerable<BackendNode> nodes)
    {
        var merged = new Dictionary<string, MergedNode>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            var key = n.NodeId is { } id ? "id:" + id : "name:" + n.Name;
            if (!merged.TryGetValue(key, out var node))
            {
                merged.Add(key, node = new MergedNode(n.Name, n.NodeId, n.Community, n.Capacity));
            }
            if (!node.Names.Contains(n.Name))
            {
                node.Names.Add(n.Name);
            }
            foreach (var address in n.Addresses)
            {
                if (!node.Addresses.Contains(address, StringComparer.Ordinal))
                {
                    node.Addresses.Add(address);
                }
            }
            node.Capacity ??= n.Capacity;
            foreach (var service in n.Records)
            {
                if (!node.Services.TryGetValue((service.Type, service.Name), out var entry))
                {
                    node.Services.Add((service.Type, service.Name), entry = (service, new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)));
                }
                entry.Seen[n.Source] = entry.Seen.TryGetValue(n.Source, out var was) && was > n.LastSeen ? was : n.LastSeen;
            }
        }
        return [.. merged.Values];
    }

    private static bool Matches(MergedNode node, LocalService s, string text) =>
        s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || s.Type.Contains(text, StringComparison.OrdinalIgnoreCase)
        || node.Names.Exists(n => n.Contains(text, StringComparison.OrdinalIgnoreCase))
        || node.Community.Contains(text, StringComparison.OrdinalIgnoreCase)
        || s.Fields.Any(f => f.Key.Contains(text, StringComparison.OrdinalIgnoreCase) || f.Value.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static ServiceRecord ToRecord(MergedNode node, LocalService s) =>
        new(node.NodeId ?? "", node.Name, node.Community, [.. node.Addresses], s.Type, s.Name, s.Port, s.Fields, "healthy", node.Capacity);

    private sealed class MergedNode(string name, string? nodeId, string community, SpareCapacity? capacity)
    {
        public string Name { get; } = name;

        public string? NodeId { get; } = nodeId;

        public string Community { get; } = community;

        public SpareCapacity? Capacity { get; set; } = capacity;

        /// <summary>Its names in every backend (a Serf member name may differ from the agent's node name); the first is shown.</summary>
        public List<string> Names { get; } = [];

        public List<string> Addresses { get; } = [];

        /// <summary>By (type, name), in the order first seen; who saw each and when.</summary>
        public Dictionary<(string Type, string Name), (LocalService Service, Dictionary<string, DateTimeOffset> Seen)> Services { get; } = [];
    }

    private sealed class Tally(string community)
    {
        public int Nodes { get; private set; }

        public int Agents { get; private set; }

        public SortedDictionary<string, int> Instances { get; } = new(StringComparer.Ordinal);

        public void Add(MergedNode node)
        {
            Nodes++;
            if (node.NodeId is null)
            {
                return;
            }
            Agents++;
            foreach (var (service, _) in node.Services.Values)
            {
                Instances[service.Type] = Instances.GetValueOrDefault(service.Type) + 1;
            }
        }

        public CommunityStats ToStats() => new(community, Nodes, Agents, Instances);
    }
}
