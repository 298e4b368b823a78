namespace NodeAgent.Discovery.Serf;

/// <summary>Who a query goes to and how long the asking node collects answers.</summary>
internal sealed record SerfQueryOptions
{
    /// <summary>Only these node names are asked (all nodes when empty).</summary>
    public IReadOnlyList<string> FilterNodes { get; init; } = [];

    /// <summary>Only nodes whose tags match these regular expressions (Go syntax, anchored by Serf) are asked.</summary>
    public IReadOnlyDictionary<string, string> FilterTags { get; init; } = new Dictionary<string, string>();

    /// <summary>How long answers are collected; zero lets Serf pick its default (scaled with the cluster size).</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>Ask every node that receives the query to acknowledge it (acks arrive as <see cref="SerfQueryRecordKind.Ack"/>).</summary>
    public bool RequestAck { get; init; }

    /// <summary>How many extra nodes relay each answer (Serf's relay factor; 0 = answers come direct).</summary>
    public byte RelayFactor { get; init; }
}
