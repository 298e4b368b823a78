using System.Text.Json.Serialization;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// The value of a node key (<c>PREFIX/nodes/ID</c>): who the node is. Compact JSON with short names like the Serf
/// pages; what other nodes put here is hostile until <see cref="EtcdRecordCodec"/> says otherwise.
/// </summary>
internal sealed record EtcdNodeWire
{
    /// <summary>Wire format version (<see cref="EtcdRecordCodec.WireVersion"/>).</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; }

    /// <summary>The node's name (a DNS label).</summary>
    [JsonPropertyName("n")]
    public string? Name { get; init; }

    /// <summary>Its community, "" for none.</summary>
    [JsonPropertyName("c")]
    public string? Community { get; init; }

    /// <summary>Its addresses (IP literals).</summary>
    [JsonPropertyName("a")]
    public IReadOnlyList<string>? Addresses { get; init; }

    /// <summary>Agent version.</summary>
    [JsonPropertyName("na")]
    public string? AgentVersion { get; init; }

    /// <summary>Spare capacity as in the Serf tag <c>r</c> (MiB free, MiB disk, load×10); absent when unknown.</summary>
    [JsonPropertyName("r")]
    public string? Capacity { get; init; }
}
