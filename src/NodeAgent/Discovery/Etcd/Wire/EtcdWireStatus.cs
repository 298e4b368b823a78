using System.Text.Json.Serialization;

// Maintenance status (its proto fields are camelCase) and the gateway's error body for a refused unary call.
namespace NodeAgent.Discovery.Etcd.Wire;

internal sealed class EtcdWireStatusRequest
{
}

internal sealed class EtcdWireStatusResponse
{
    [JsonPropertyName("header")]
    public EtcdWireHeader? Header { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("dbSize")]
    public long DbSize { get; set; }

    [JsonPropertyName("leader")]
    public ulong Leader { get; set; }

    [JsonPropertyName("raftTerm")]
    public ulong RaftTerm { get; set; }
}

/// <summary>What the gateway answers with a non-2xx status: {"error": text, "message": text, "code": gRPC code}.</summary>
internal sealed class EtcdWireError
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("code")]
    public int Code { get; set; }
}
