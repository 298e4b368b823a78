namespace NodeAgent.Discovery.Etcd;

/// <summary>One write of a transaction (<see cref="IEtcdClient.TxnAsync"/>): a put when <see cref="Value"/> is set, else a delete of the key.</summary>
/// <param name="Key">The key (UTF-8).</param>
/// <param name="Value">The value to put; null deletes <paramref name="Key"/>.</param>
/// <param name="Lease">The lease a put attaches the key to; 0 for none.</param>
internal sealed record EtcdOp(string Key, ReadOnlyMemory<byte>? Value, long Lease = 0)
{
    /// <summary>etcd's default <c>--max-txn-ops</c>: a transaction with more operations is refused.</summary>
    public const int MaxPerTxn = 128;

    public static EtcdOp Put(string key, ReadOnlyMemory<byte> value, long lease) => new(key, value, lease);

    public static EtcdOp Delete(string key) => new(key, null);
}
