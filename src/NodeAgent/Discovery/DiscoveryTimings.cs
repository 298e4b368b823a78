namespace NodeAgent.Discovery;

/// <summary>The discovery service's clocks. The defaults meet the targets: republish within 5 s of Serf's return.</summary>
internal sealed record DiscoveryTimings
{
    /// <summary>First wait before reconnecting to Serf; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnects: Serf back at worst this long before the agent notices, plus ≈1 s to republish.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the whole member list is read again. This, not the event stream, is what finds a changed digest
    /// fast: the Serf agent coalesces member events for its stream (a quiet second, up to 3 s), which alone made
    /// a change on the farthest of 100 nodes take 1.2-1.9 s to find. One <c>members</c> call on the local agent
    /// every half second costs ≈ a millisecond per 100 members; events still bring joins and failures.
    /// </summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the published summary is compared with the node's state (community, capacity).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Capacity alone republishes at most this often (every republish is a gossip broadcast).</summary>
    public TimeSpan CapacityInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node has to answer one page.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Record sets fetched at the same time.</summary>
    public int Fetchers { get; init; } = 8;
}
