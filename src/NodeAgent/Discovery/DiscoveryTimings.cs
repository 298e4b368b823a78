namespace NodeAgent.Discovery;

/// <summary>The discovery service's clocks. The defaults meet the targets: republish within 5 s of Serf's return.</summary>
internal sealed record DiscoveryTimings
{
    /// <summary>First wait before reconnecting to Serf; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnects: Serf back at worst this long before the agent notices, plus ≈1 s to republish.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the whole member list is read when nothing asks for it: a safety net only. Changes are found by
    /// <see cref="RecordNotice"/> user events (delivered at once) and by member events, which the Serf agent
    /// coalesces for its stream (a quiet second, up to 3 s); joins, failures and leaves come that way.
    /// </summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After a notice, the member list is read at once and then at most this often until it shows the notice's
    /// digest (the tags travel by gossip too and may arrive a little after the event) or <see cref="NoticeWindow"/> ends.
    /// </summary>
    public TimeSpan NoticePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a notice is waited for; a forged one costs at most this many polls.</summary>
    public TimeSpan NoticeWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping agent spends withdrawing its tags before it gives up (Serf gone, say).</summary>
    public TimeSpan WithdrawTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the published summary is compared with the node's state (community, capacity).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Capacity alone republishes at most this often (every republish is a gossip broadcast).</summary>
    public TimeSpan CapacityInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node has to answer one page.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Record sets fetched at the same time.</summary>
    public int Fetchers { get; init; } = 8;
}
