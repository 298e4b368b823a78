using System.Text.Json;
using System.Text.Json.Serialization;

// The gateway's lease messages (rpc.proto, 3.4). The lease fields are named "ID" and "TTL" on the wire.
namespace NodeAgent.Discovery.Etcd.Wire;

internal sealed class EtcdWireLeaseGrantRequest
{
    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }
}

internal sealed class EtcdWireLeaseGrantResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long Id { get; set; }

    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

/// <summary>The body of keepalive and revoke requests.</summary>
internal sealed class EtcdWireLeaseIdRequest
{
    [JsonPropertyName("ID")]
    public long Id { get; set; }
}

internal sealed class EtcdWireLeaseKeepAliveResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long Id { get; set; }

    /// <summary>The renewed TTL; etcd leaves it out (0) when the lease no longer exists.</summary>
    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }
}

/// <summary>Keepalive is a gRPC stream: the gateway wraps each answer as {"result": …} or {"error": …}.</summary>
internal sealed class EtcdWireLeaseKeepAliveLine
{
    [JsonPropertyName("result")]
    public EtcdWireLeaseKeepAliveResponse? Result { get; set; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }
}

internal sealed class EtcdWireLeaseRevokeResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }
}
