namespace NodeAgent.Discovery.Serf;

/// <summary>What a <see cref="SerfQueryRecord"/> is.</summary>
internal enum SerfQueryRecordKind
{
    /// <summary>A node received the query (only with <see cref="SerfQueryOptions.RequestAck"/>).</summary>
    Ack,

    /// <summary>A node answered.</summary>
    Response,
}
