using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

internal sealed partial class CloudView
{
    /// <summary>Every service of every live agent that matches <paramref name="query"/>, by type, node and name.</summary>
    public List<SearchResult> Search(SearchQuery query)
    {
        var results = new List<SearchResult>();
        lock (_gate)
        {
            foreach (var node in _nodes.Values)
            {
                if (!node.IsAlive || node.Summary is not { } summary || node.Records.Count == 0)
                {
                    continue;
                }
                if (query.Community is { } c && !string.Equals(c, summary.Community, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (query.Node is { } n && n != node.Name && !string.Equals(n, summary.NodeId, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                foreach (var service in node.Records)
                {
                    if ((query.Type is null || query.Type == service.Type) && (query.Text is null || Matches(node, service, query.Text)))
                    {
                        results.Add(new SearchResult(ToRecord(node, service), [Source], node.LastSeen));
                    }
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

    private static bool Matches(CloudNode node, LocalService s, string text) =>
        s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || s.Type.Contains(text, StringComparison.OrdinalIgnoreCase)
        || node.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (node.Summary?.Community.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || s.Fields.Any(f => f.Key.Contains(text, StringComparison.OrdinalIgnoreCase) || f.Value.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The participation table: members and agents alive, instances per type, overall and per community.</summary>
    public CloudStats Stats(IReadOnlyList<DiscoveryBackendState> backends)
    {
        var total = new Tally("");
        var communities = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var node in _nodes.Values)
            {
                if (!node.IsAlive)
                {
                    continue;
                }
                var community = node.Summary?.Community ?? "";
                if (!communities.TryGetValue(community, out var tally))
                {
                    communities.Add(community, tally = new Tally(community));
                }
                total.Add(node);
                tally.Add(node);
            }
        }
        return new CloudStats(total.Nodes, total.Agents, total.Instances, [.. communities.Values.Select(t => t.ToStats())], backends, time.GetUtcNow());
    }

    private sealed class Tally(string community)
    {
        public int Nodes { get; private set; }

        public int Agents { get; private set; }

        public SortedDictionary<string, int> Instances { get; } = new(StringComparer.Ordinal);

        public void Add(CloudNode node)
        {
            Nodes++;
            if (node.Summary is null)
            {
                return;
            }
            Agents++;
            foreach (var service in node.Records)
            {
                Instances[service.Type] = Instances.GetValueOrDefault(service.Type) + 1;
            }
        }

        public CommunityStats ToStats() => new(community, Nodes, Agents, Instances);
    }
}
