using System.Text.Json.Serialization;

namespace NodeAgent.Contracts;

/// <summary>How much an event matters to the owner.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventSeverity>))]
public enum EventSeverity
{
    /// <summary>Routine: started, changed a setting.</summary>
    [JsonStringEnumMemberName("info")]
    Info = 0,

    /// <summary>Something degraded but the node carries on.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning = 1,

    /// <summary>Something failed and needs attention.</summary>
    [JsonStringEnumMemberName("error")]
    Error = 2,
}
