using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>What a NodeAgent announces in its Serf tags (see <see cref="TagSummary"/>).</summary>
/// <param name="Version">Agent version (<c>na</c>).</param>
/// <param name="NodeId">Node id (<c>id</c>).</param>
/// <param name="Community">Community (<c>c</c>), "" for none.</param>
/// <param name="Digest">Digest of its record set (<c>d</c>).</param>
/// <param name="Count">Services in the set (<c>n</c>).</param>
/// <param name="Capacity">Spare capacity (<c>r</c>), null when absent.</param>
/// <param name="GuifiNode">The node's guifi.net id (<c>g</c>), null when it has none.</param>
internal sealed record NodeSummary(string Version, string NodeId, string Community, string Digest, int Count, SpareCapacity? Capacity, int? GuifiNode = null);
