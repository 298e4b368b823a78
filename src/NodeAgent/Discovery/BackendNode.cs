using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>One live node as one discovery backend knows it: what <see cref="CloudSearch"/> merges.</summary>
/// <param name="Source">The backend (<c>serf</c>, <c>etcd</c>).</param>
/// <param name="Name">The node's name in that backend (Serf member name; the agent's node name in etcd).</param>
/// <param name="NodeId">The agent's node id; null for a cloud member that runs no NodeAgent.</param>
/// <param name="Community">Its community, "" for none.</param>
/// <param name="Addresses">Where it is reached, as that backend knows.</param>
/// <param name="Capacity">Its spare capacity, when announced.</param>
/// <param name="Records">The services it publishes there.</param>
/// <param name="LastSeen">When the backend last confirmed it alive with these records (UTC).</param>
internal sealed record BackendNode(
    string Source,
    string Name,
    string? NodeId,
    string Community,
    IReadOnlyList<string> Addresses,
    SpareCapacity? Capacity,
    IReadOnlyList<LocalService> Records,
    DateTimeOffset LastSeen);
