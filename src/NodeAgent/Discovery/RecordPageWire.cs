using System.Text.Json.Serialization;

namespace NodeAgent.Discovery;

/// <summary>
/// One page of a node's answer to a <c>nodeagent-records</c> query, as compact JSON: short names, because a whole
/// answer must fit Serf's 1 KB response limit. Received pages are hostile until <see cref="RecordCodec"/> says otherwise.
/// </summary>
internal sealed record RecordPageWire
{
    /// <summary>Wire format version.</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; }

    /// <summary>This page's number, from 0.</summary>
    [JsonPropertyName("p")]
    public int Page { get; init; }

    /// <summary>How many pages the record set has.</summary>
    [JsonPropertyName("n")]
    public int Pages { get; init; }

    /// <summary>Digest of the whole record set (<see cref="RecordDigest"/>), the same on every page.</summary>
    [JsonPropertyName("d")]
    public string? Digest { get; init; }

    /// <summary>The publishing node's id.</summary>
    [JsonPropertyName("i")]
    public string? NodeId { get; init; }

    /// <summary>The services on this page.</summary>
    [JsonPropertyName("s")]
    public IReadOnlyList<ServiceWire>? Services { get; init; }
}

/// <summary>One service inside a <see cref="RecordPageWire"/>.</summary>
internal sealed record ServiceWire
{
    [JsonPropertyName("t")]
    public string? Type { get; init; }

    [JsonPropertyName("i")]
    public string? Name { get; init; }

    [JsonPropertyName("p")]
    public int Port { get; init; }

    [JsonPropertyName("f")]
    public IReadOnlyDictionary<string, string>? Fields { get; init; }
}
