using System.Text.Json.Serialization;
using NodeAgent.Discovery.Etcd.Wire;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// Source-generated JSON for every message of the etcd v3 gateway this client speaks. The gateway writes
/// int64/uint64 as JSON strings (proto3 JSON mapping) and accepts them so; zero values are left out both ways.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(EtcdWirePutRequest))]
[JsonSerializable(typeof(EtcdWirePutResponse))]
[JsonSerializable(typeof(EtcdWireRangeRequest))]
[JsonSerializable(typeof(EtcdWireRangeResponse))]
[JsonSerializable(typeof(EtcdWireDeleteRangeRequest))]
[JsonSerializable(typeof(EtcdWireDeleteRangeResponse))]
[JsonSerializable(typeof(EtcdWireTxnRequest))]
[JsonSerializable(typeof(EtcdWireTxnResponse))]
[JsonSerializable(typeof(EtcdWireLeaseGrantRequest))]
[JsonSerializable(typeof(EtcdWireLeaseGrantResponse))]
[JsonSerializable(typeof(EtcdWireLeaseIdRequest))]
[JsonSerializable(typeof(EtcdWireLeaseKeepAliveLine))]
[JsonSerializable(typeof(EtcdWireLeaseRevokeResponse))]
[JsonSerializable(typeof(EtcdWireWatchRequest))]
[JsonSerializable(typeof(EtcdWireWatchLine))]
[JsonSerializable(typeof(EtcdWireStatusRequest))]
[JsonSerializable(typeof(EtcdWireStatusResponse))]
[JsonSerializable(typeof(EtcdWireError))]
internal sealed partial class EtcdJsonContext : JsonSerializerContext;
