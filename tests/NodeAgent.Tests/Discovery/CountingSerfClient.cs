using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery;

/// <summary>A real <see cref="SerfRpcClient"/> that counts the member-list reads made through it and notes whom each query asked.</summary>
internal sealed class CountingSerfClient(ISerfClient inner) : ISerfClient
{
    private int _memberReads;

    public int MemberReads => Volatile.Read(ref _memberReads);

    /// <summary>Per query, the node it was filtered to, or "*" when it asked everyone.</summary>
    public List<string> Queried { get; } = [];

    public Task<SerfException> Closed => inner.Closed;

    public Task<IReadOnlyList<SerfMember>> MembersAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _memberReads);
        return inner.MembersAsync(cancellationToken);
    }

    public Task<IReadOnlyList<SerfMember>> MembersFilteredAsync(
        IReadOnlyDictionary<string, string>? tags = null, string? status = null, string? name = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _memberReads);
        return inner.MembersFilteredAsync(tags, status, name, cancellationToken);
    }

    public Task SetTagsAsync(IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string>? delete = null, CancellationToken cancellationToken = default) =>
        inner.SetTagsAsync(set, delete, cancellationToken);

    public Task UserEventAsync(string name, ReadOnlyMemory<byte> payload, bool coalesce, CancellationToken cancellationToken = default) =>
        inner.UserEventAsync(name, payload, coalesce, cancellationToken);

    public Task<SerfEventStream> StreamAsync(string filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task StopStreamAsync(ulong seq, CancellationToken cancellationToken = default) => inner.StopStreamAsync(seq, cancellationToken);

    public Task RespondAsync(ulong queryId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        inner.RespondAsync(queryId, payload, cancellationToken);

    public IAsyncEnumerable<SerfQueryRecord> QueryAsync(string name, ReadOnlyMemory<byte> payload, SerfQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (Queried)
        {
            Queried.Add(options?.FilterNodes.Count > 0 ? string.Join(",", options.FilterNodes) : "*");
        }
        return inner.QueryAsync(name, payload, options, cancellationToken);
    }

    public Task<int> JoinAsync(IReadOnlyList<string> addresses, bool replay = false, CancellationToken cancellationToken = default) =>
        inner.JoinAsync(addresses, replay, cancellationToken);

    public Task LeaveAsync(CancellationToken cancellationToken = default) => inner.LeaveAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> StatsAsync(CancellationToken cancellationToken = default) =>
        inner.StatsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
