using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>What an LED shows; see the LED language table in <c>boards/README.md</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedRole>))]
public enum LedRole
{
    /// <summary>Carries the node state's rhythm. A board without one uses its first LED.</summary>
    [JsonStringEnumMemberName("status")] Status,

    /// <summary>Lit while powered; joins in for critical states and the reset countdown.</summary>
    [JsonStringEnumMemberName("power")] Power,

    /// <summary>Dark unless something needs attention.</summary>
    [JsonStringEnumMemberName("alert")] Alert,
}
