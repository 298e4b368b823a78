using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

internal sealed partial class CloudView
{
    /// <summary>Every live member: agents with the records fetched for them, other members with none.</summary>
    public void Collect(List<BackendNode> nodes)
    {
        lock (_gate)
        {
            foreach (var node in _nodes.Values)
            {
                if (node.IsAlive)
                {
                    var s = node.Summary;
                    nodes.Add(new BackendNode(Source, node.Name, s?.NodeId, s?.Community ?? "", node.Address is { } a ? [a.ToString()] : [],
                        s?.Capacity, s is null ? [] : node.Records, node.LastSeen));
                }
            }
        }
    }

    private List<BackendNode> Snapshot()
    {
        var nodes = new List<BackendNode>();
        Collect(nodes);
        return nodes;
    }

    /// <summary>What Serf alone knows that matches <paramref name="query"/> (the API merges every backend: <see cref="CloudSearch"/>).</summary>
    public List<SearchResult> Search(SearchQuery query) => CloudSearch.Search(Snapshot(), query);

    /// <summary>The participation table as Serf alone knows it.</summary>
    public CloudStats Stats(IReadOnlyList<DiscoveryBackendState> backends) => CloudSearch.Stats(Snapshot(), backends, time.GetUtcNow());
}
