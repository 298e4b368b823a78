namespace NodeAgent.Discovery.Etcd;

/// <summary>The keys under a prefix at one revision.</summary>
/// <param name="Revision">The store's revision the range was read at: watch from <c>Revision + 1</c> to miss nothing after it.</param>
/// <param name="Items">The keys, in key order.</param>
/// <param name="More">True when a limit cut the list short.</param>
internal sealed record EtcdRange(long Revision, IReadOnlyList<EtcdKeyValue> Items, bool More);
