using System.Text.Json.Serialization;

namespace NodeAgent.Discovery;

/// <summary>
/// Source-generated JSON for what nodes send each other. Unknown members are refused and nesting is capped:
/// a record page is three levels deep, so anything deeper is not one.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    WriteIndented = false,
    MaxDepth = 8,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecordPageWire))]
[JsonSerializable(typeof(ServiceWire))]
[JsonSerializable(typeof(Etcd.EtcdNodeWire))]
internal sealed partial class DiscoveryWireContext : JsonSerializerContext;
