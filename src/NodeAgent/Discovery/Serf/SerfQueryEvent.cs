namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A query this node was asked (<c>serf query</c>, <see cref="ISerfClient.QueryAsync"/> on any node).
/// Answer it with <see cref="ISerfClient.RespondAsync"/> and <see cref="Id"/> before the query's timeout,
/// on the same client that streamed it (the ID is only known to that connection).
/// </summary>
/// <param name="Id">The agent's handle for this query on this connection.</param>
/// <param name="Name">The query name.</param>
/// <param name="Payload">Opaque bytes (1 KB at most by default).</param>
/// <param name="LamportTime">Serf's logical clock for queries.</param>
internal sealed record SerfQueryEvent(ulong Id, string Name, byte[] Payload, ulong LamportTime) : SerfEvent;
