using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>Bias of a button line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ButtonPull>))]
public enum ButtonPull
{
    /// <summary>Internal pull-up; the button connects the line to ground.</summary>
    [JsonStringEnumMemberName("up")] Up,

    /// <summary>Internal pull-down; the button connects the line to 3.3 V.</summary>
    [JsonStringEnumMemberName("down")] Down,

    /// <summary>No internal bias: an external resistor is fitted.</summary>
    [JsonStringEnumMemberName("none")] None,
}
