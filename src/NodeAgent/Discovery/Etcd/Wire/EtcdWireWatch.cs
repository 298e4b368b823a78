using System.Text.Json;
using System.Text.Json.Serialization;

// The gateway's watch messages (rpc.proto, 3.4): one WatchRequest with a create_request goes up; one
// {"result": WatchResponse} (or {"error": …}) per line comes down for the life of the watch.
namespace NodeAgent.Discovery.Etcd.Wire;

internal sealed class EtcdWireWatchCreate
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }

    [JsonPropertyName("start_revision")]
    public long StartRevision { get; set; }
}

internal sealed class EtcdWireWatchRequest
{
    [JsonPropertyName("create_request")]
    public EtcdWireWatchCreate? CreateRequest { get; set; }
}

internal sealed class EtcdWireEvent
{
    /// <summary>"PUT" (left out by the gateway, being the enum's zero) or "DELETE".</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("kv")]
    public EtcdWireKeyValue? Kv { get; set; }
}

internal sealed class EtcdWireWatchResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("watch_id")]
    public long WatchId { get; set; }

    [JsonPropertyName("created")]
    public bool Created { get; set; }

    [JsonPropertyName("canceled")]
    public bool Canceled { get; set; }

    [JsonPropertyName("compact_revision")]
    public long CompactRevision { get; set; }

    [JsonPropertyName("cancel_reason")]
    public string? CancelReason { get; set; }

    [JsonPropertyName("events")]
    public List<EtcdWireEvent?>? Events { get; set; }
}

internal sealed class EtcdWireWatchLine
{
    [JsonPropertyName("result")]
    public EtcdWireWatchResponse? Result { get; set; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }
}
