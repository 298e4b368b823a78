namespace NodeAgent.Discovery;

/// <summary>
/// A discovery backend as search, the statistics, <c>/metrics</c> and <c>/healthz</c> see it: Serf
/// (<see cref="DiscoveryService"/>), etcd (<see cref="Etcd.EtcdDiscoveryService"/>); an Avahi backend plugs in the
/// same way. Each keeps its own picture of the cloud in memory; <see cref="CloudSearch"/> merges them.
/// </summary>
internal interface IDiscoveryBackend
{
    /// <summary>Its connection state; <see cref="DiscoveryStatus.Backend"/> is its name.</summary>
    DiscoveryStatus Status { get; }

    /// <summary>Records from other nodes it refused as malformed since start.</summary>
    long Rejected { get; }

    /// <summary>Adds every node it knows alive now to <paramref name="nodes"/> (a copy: the caller may keep it).</summary>
    void Collect(List<BackendNode> nodes);
}
