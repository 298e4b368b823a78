using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>LED colour.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedColour>))]
public enum LedColour
{
    /// <summary>Green.</summary>
    [JsonStringEnumMemberName("green")] Green,

    /// <summary>Red.</summary>
    [JsonStringEnumMemberName("red")] Red,

    /// <summary>Amber or yellow.</summary>
    [JsonStringEnumMemberName("amber")] Amber,

    /// <summary>Blue.</summary>
    [JsonStringEnumMemberName("blue")] Blue,

    /// <summary>White.</summary>
    [JsonStringEnumMemberName("white")] White,
}
