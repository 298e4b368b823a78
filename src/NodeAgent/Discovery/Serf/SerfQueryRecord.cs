namespace NodeAgent.Discovery.Serf;

/// <summary>An ack or an answer to a query, as it arrives.</summary>
/// <param name="Kind">Ack or response.</param>
/// <param name="From">The answering node's name.</param>
/// <param name="Payload">The answer (empty for an ack).</param>
internal sealed record SerfQueryRecord(SerfQueryRecordKind Kind, string From, byte[] Payload);
