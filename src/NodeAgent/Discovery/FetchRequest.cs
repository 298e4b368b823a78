namespace NodeAgent.Discovery;

/// <summary>A node whose record set must be fetched: its member name, id and the digest its tags announce.</summary>
internal readonly record struct FetchRequest(string Node, string NodeId, string Digest, int Count);
