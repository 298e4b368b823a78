namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// What NodeAgent asks of an etcd cluster through its v3 JSON gateway. <see cref="EtcdClient"/> is the real one.
/// Every call fails with <see cref="EtcdException"/>; keys are UTF-8 text, values bytes.
/// </summary>
internal interface IEtcdClient : IDisposable
{
    /// <summary>Writes <paramref name="key"/>, attached to <paramref name="lease"/> (0 for none); returns the new revision.</summary>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="key"/> only if it does not exist; true when written.</summary>
    Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="ops"/> in one transaction (one revision, all or nothing), at most
    /// <see cref="EtcdOp.MaxPerTxn"/> of them; returns the new revision.
    /// </summary>
    Task<long> TxnAsync(IReadOnlyList<EtcdOp> ops, CancellationToken cancellationToken = default);

    /// <summary>Every key under <paramref name="prefix"/> ("" for all), at most <paramref name="limit"/> (0: no limit).</summary>
    Task<EtcdRange> RangeAsync(string prefix, long limit = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key under <paramref name="prefix"/>; returns how many were deleted.</summary>
    Task<long> DeleteRangeAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease of <paramref name="ttl"/> (whole seconds, at least 1).</summary>
    Task<EtcdLease> LeaseGrantAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease once; returns its renewed TTL, or null when etcd no longer has it (expired or revoked: its keys are gone).</summary>
    Task<TimeSpan?> LeaseKeepAliveAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease, deleting its keys at once; false when it was already gone.</summary>
    Task<bool> LeaseRevokeAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches <paramref name="prefix"/> from <paramref name="startRevision"/> (0: from now on). The watch lives on
    /// one member; when that member goes, reading fails, and a new watch from <see cref="EtcdWatch.NextRevision"/> misses nothing.
    /// </summary>
    Task<EtcdWatch> WatchAsync(string prefix, long startRevision = 0, CancellationToken cancellationToken = default);
}
