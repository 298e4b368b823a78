using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>Debian architecture names, as the image build and apt use them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardArch>))]
public enum BoardArch
{
    /// <summary>x86-64.</summary>
    [JsonStringEnumMemberName("amd64")] Amd64,

    /// <summary>64-bit ARM.</summary>
    [JsonStringEnumMemberName("arm64")] Arm64,
}
