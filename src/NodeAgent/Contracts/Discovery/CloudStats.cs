namespace NodeAgent.Contracts.Discovery;

/// <summary>
/// <c>GET /api/v1/cloud/stats</c>: the live participation table of the community cloud, as this node sees it.
/// </summary>
/// <param name="Nodes">Cloud members alive (any Serf member, NodeAgent or not, and agents known through etcd), each counted once.</param>
/// <param name="Agents">Members alive that run NodeAgent.</param>
/// <param name="Instances">Service instances per type, across all agents.</param>
/// <param name="Communities">The same numbers per community, by name; nodes without one under "".</param>
/// <param name="Backends">Each discovery backend and whether it is connected.</param>
/// <param name="Time">When these numbers were taken (UTC).</param>
public sealed record CloudStats(
    int Nodes,
    int Agents,
    IReadOnlyDictionary<string, int> Instances,
    IReadOnlyList<CommunityStats> Communities,
    IReadOnlyList<DiscoveryBackendState> Backends,
    DateTimeOffset Time);

/// <summary>One community's line of <see cref="CloudStats"/>.</summary>
/// <param name="Community">Community name; "" for nodes that announce none.</param>
/// <param name="Nodes">Members alive in it.</param>
/// <param name="Agents">Of those, the ones running NodeAgent.</param>
/// <param name="Instances">Service instances per type.</param>
public sealed record CommunityStats(string Community, int Nodes, int Agents, IReadOnlyDictionary<string, int> Instances);

/// <summary>A discovery backend's connection state.</summary>
/// <param name="Name">Backend (<c>serf</c>, <c>etcd</c>).</param>
/// <param name="Up">Connected to its engine.</param>
/// <param name="Detail">Why not, or what it is connected to.</param>
/// <param name="Since">When it last changed state (UTC).</param>
public sealed record DiscoveryBackendState(string Name, bool Up, string Detail, DateTimeOffset Since);
