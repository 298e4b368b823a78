using System.Text.Json;
using System.Text.Json.Serialization;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Contracts.Services;

namespace NodeAgent.Contracts;

/// <summary>Source-generated JSON for every wire type: the API and the CLI share it, and nothing reflects at run time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, GenerationMode = JsonSourceGenerationMode.Metadata, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeInfo))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ResourceSnapshot))]
[JsonSerializable(typeof(HistorySeries))]
[JsonSerializable(typeof(AgentEvent[]))]
[JsonSerializable(typeof(IReadOnlyList<AgentEvent>))]
[JsonSerializable(typeof(NodeSettings))]
[JsonSerializable(typeof(SettingsUpdate))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(FeedbackStatus))]
[JsonSerializable(typeof(IdentifyRequest))]
[JsonSerializable(typeof(IReadOnlyList<SearchResult>))]
[JsonSerializable(typeof(CloudStats))]
[JsonSerializable(typeof(CloudIdentify))]
[JsonSerializable(typeof(CloudChange))]
[JsonSerializable(typeof(ServiceList))]
[JsonSerializable(typeof(ServiceInfo))]
[JsonSerializable(typeof(ServiceOperationResult))]
[JsonSerializable(typeof(AuthState))]
[JsonSerializable(typeof(PairRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(PasswordChange))]
[JsonSerializable(typeof(PairingCode))]
[JsonSerializable(typeof(IReadOnlyList<SessionInfo>))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
