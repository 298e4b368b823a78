namespace NodeAgent.Contracts;

/// <summary>Who this node is: <c>GET /api/v1/node</c>.</summary>
/// <param name="Id">Permanent node id (32 hex digits), generated on first start.</param>
/// <param name="Name">Node name in force.</param>
/// <param name="Community">Community name; empty when in none.</param>
/// <param name="Board">Board profile in use; empty until board profiles exist.</param>
/// <param name="Version">Agent version.</param>
/// <param name="Architecture">CPU architecture of the agent binary (x64, arm64).</param>
/// <param name="AgentUptimeSeconds">Seconds since the agent started.</param>
/// <param name="HostUptimeSeconds">Seconds since the machine booted.</param>
/// <param name="GuifiNode">The node's id in guifi.net's database; absent when it has none.</param>
public sealed record NodeInfo(string Id, string Name, string Community, string Board, string Version, string Architecture, double AgentUptimeSeconds, double? HostUptimeSeconds, int? GuifiNode = null);
