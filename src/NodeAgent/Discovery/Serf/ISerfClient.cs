namespace NodeAgent.Discovery.Serf;

/// <summary>
/// What NodeAgent asks of a Serf agent, over its RPC port. <see cref="SerfRpcClient"/> is the real one.
/// Every call fails with <see cref="SerfException"/> (the agent's refusal, or a broken connection);
/// after <see cref="Closed"/> completes, every call fails at once: dispose and connect again.
/// </summary>
internal interface ISerfClient : IAsyncDisposable
{
    /// <summary>Completes (never faults) when the connection ends, with the reason.</summary>
    Task<SerfException> Closed { get; }

    /// <summary>All members this agent knows, in any state.</summary>
    Task<IReadOnlyList<SerfMember>> MembersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Members whose tags, status and name match regular expressions (Go syntax, anchored by Serf); null or empty
    /// matches everything. Serf 0.9 closes the connection instead of answering when a pattern does not compile.
    /// </summary>
    Task<IReadOnlyList<SerfMember>> MembersFilteredAsync(
        IReadOnlyDictionary<string, string>? tags = null, string? status = null, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>Sets and deletes this agent's tags (512 bytes encoded at most); returns once Serf has broadcast them.</summary>
    Task SetTagsAsync(IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string>? delete = null, CancellationToken cancellationToken = default);

    /// <summary>Fires a user event to the whole cluster (keep name + payload under 512 bytes: larger ones are refused or lost).</summary>
    Task UserEventAsync(string name, ReadOnlyMemory<byte> payload, bool coalesce, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to events: <paramref name="filter"/> is Serf's event-handler syntax without a script
    /// (<c>"member-join,member-failed,user:deploy,query:services"</c>) or <c>"*"</c>.
    /// </summary>
    Task<SerfEventStream> StreamAsync(string filter, CancellationToken cancellationToken = default);

    /// <summary>Stops a stream opened on this client (see <see cref="SerfEventStream.Seq"/>).</summary>
    Task StopStreamAsync(ulong seq, CancellationToken cancellationToken = default);

    /// <summary>Answers a query received through <see cref="StreamAsync"/> on this client (1 KB by default).</summary>
    Task RespondAsync(ulong queryId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the cluster (or the nodes that <paramref name="options"/> select) and yields acks and answers as
    /// they arrive, until the query's timeout ends.
    /// </summary>
    IAsyncEnumerable<SerfQueryRecord> QueryAsync(
        string name, ReadOnlyMemory<byte> payload, SerfQueryOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Joins the cluster through these gossip addresses ("host:port"); returns how many answered.</summary>
    Task<int> JoinAsync(IReadOnlyList<string> addresses, bool replay = false, CancellationToken cancellationToken = default);

    /// <summary>Leaves the cluster gracefully and shuts the agent down (the connection closes after the reply).</summary>
    Task LeaveAsync(CancellationToken cancellationToken = default);

    /// <summary>The agent's own statistics by section (agent, runtime, serf, tags).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> StatsAsync(CancellationToken cancellationToken = default);
}
