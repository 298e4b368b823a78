using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>Electrical level that means "on" or "pressed".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActiveLevel>))]
public enum ActiveLevel
{
    /// <summary>High (1).</summary>
    [JsonStringEnumMemberName("high")] High,

    /// <summary>Low (0).</summary>
    [JsonStringEnumMemberName("low")] Low,
}
