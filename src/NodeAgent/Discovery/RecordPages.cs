namespace NodeAgent.Discovery;

/// <summary>This node's record set, encoded as the pages it answers <c>nodeagent-records</c> queries with.</summary>
/// <param name="NodeId">This node's id.</param>
/// <param name="Digest">The set's digest, published in the <c>d</c> tag.</param>
/// <param name="Count">How many services, published in the <c>n</c> tag.</param>
/// <param name="Pages">The encoded pages; never empty (an empty set is one page without services).</param>
internal sealed record RecordPages(string NodeId, string Digest, int Count, IReadOnlyList<byte[]> Pages);
