using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>Size class of a board.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResourceClass>))]
public enum ResourceClass
{
    /// <summary>Up to 1 GiB RAM: one or two light services.</summary>
    [JsonStringEnumMemberName("small")] Small,

    /// <summary>2 to 4 GiB RAM.</summary>
    [JsonStringEnumMemberName("medium")] Medium,

    /// <summary>More than 4 GiB RAM.</summary>
    [JsonStringEnumMemberName("large")] Large,
}
