using System.Text.Json.Serialization;

// The v3 JSON gateway's messages for keys, mirrored from etcd's rpc.proto / kv.proto (3.4): the field names are
// the proto names, int64 travels as a JSON string (see EtcdJsonContext), bytes as base64. Kept together because
// they are one protocol read side by side with the proto file; only the fields this client sends or reads are here.
namespace NodeAgent.Discovery.Etcd.Wire;

internal sealed class EtcdWireHeader
{
    [JsonPropertyName("cluster_id")]
    public ulong ClusterId { get; set; }

    [JsonPropertyName("member_id")]
    public ulong MemberId { get; set; }

    [JsonPropertyName("revision")]
    public long Revision { get; set; }

    [JsonPropertyName("raft_term")]
    public ulong RaftTerm { get; set; }
}

internal sealed class EtcdWireKeyValue
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("create_revision")]
    public long CreateRevision { get; set; }

    [JsonPropertyName("mod_revision")]
    public long ModRevision { get; set; }

    [JsonPropertyName("version")]
    public long Version { get; set; }

    [JsonPropertyName("value")]
    public byte[]? Value { get; set; }

    [JsonPropertyName("lease")]
    public long Lease { get; set; }
}

internal sealed class EtcdWirePutRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("value")]
    public byte[]? Value { get; set; }

    [JsonPropertyName("lease")]
    public long Lease { get; set; }
}

internal sealed class EtcdWirePutResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }
}

internal sealed class EtcdWireRangeRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }

    [JsonPropertyName("limit")]
    public long Limit { get; set; }
}

internal sealed class EtcdWireRangeResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("kvs")]
    public List<EtcdWireKeyValue?>? Kvs { get; set; }

    [JsonPropertyName("more")]
    public bool More { get; set; }

    [JsonPropertyName("count")]
    public long Count { get; set; }
}

internal sealed class EtcdWireDeleteRangeRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }
}

internal sealed class EtcdWireDeleteRangeResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("deleted")]
    public long Deleted { get; set; }
}

internal sealed class EtcdWireCompare
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    /// <summary>"CREATE": compare the key's create_revision (0 when the key does not exist).</summary>
    [JsonPropertyName("target")]
    public string? Target { get; set; }

    [JsonPropertyName("result")]
    public string? Result { get; set; }

    // Written even when 0: "create_revision == 0" is the whole point of put-if-absent.
    [JsonPropertyName("create_revision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long CreateRevision { get; set; }
}

internal sealed class EtcdWireRequestOp
{
    [JsonPropertyName("request_put")]
    public EtcdWirePutRequest? RequestPut { get; set; }

    [JsonPropertyName("request_delete_range")]
    public EtcdWireDeleteRangeRequest? RequestDeleteRange { get; set; }
}

internal sealed class EtcdWireTxnRequest
{
    [JsonPropertyName("compare")]
    public List<EtcdWireCompare>? Compare { get; set; }

    [JsonPropertyName("success")]
    public List<EtcdWireRequestOp>? Success { get; set; }
}

internal sealed class EtcdWireTxnResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("succeeded")]
    public bool Succeeded { get; set; }
}
