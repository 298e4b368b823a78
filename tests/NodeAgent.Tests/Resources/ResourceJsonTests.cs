using System.Text.Json;
using System.Text.Json.Serialization;
using NodeAgent.Contracts;

namespace NodeAgent.Tests.Resources;

/// <summary>The snapshot serializes with a source-generated, camelCase context, as the web API will use it.</summary>
public partial class ResourceJsonTests
{
    [Fact]
    public void SnapshotRoundTripsThroughSourceGeneratedContext()
    {
        var snapshot = HostFixture.SampleOnce("rpi4");

        string json = JsonSerializer.Serialize(snapshot, TestJsonContext.Default.ResourceSnapshot);
        var back = JsonSerializer.Deserialize(json, TestJsonContext.Default.ResourceSnapshot)!;

        Assert.Contains("\"memory\":{\"totalBytes\":3977584640", json, StringComparison.Ordinal);
        Assert.Contains("\"undervoltageNow\":true", json, StringComparison.Ordinal);
        Assert.Equal(snapshot.Cpu!.Total, back.Cpu!.Total);
        Assert.Equal(snapshot.FileSystems, back.FileSystems);
        Assert.Equal(snapshot.Throttling, back.Throttling);
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(ResourceSnapshot))]
    internal sealed partial class TestJsonContext : JsonSerializerContext;
}
