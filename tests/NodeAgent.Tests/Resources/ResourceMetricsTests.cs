using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

public class ResourceMetricsTests
{
    [Fact]
    public void Rpi4GivesEveryKeyWithDocumentedValues()
    {
        var m = new Dictionary<string, double>();
        ResourceMetrics.Extract(HostFixture.SampleOnce("rpi4"), m);

        Assert.Equal(ResourceMetrics.Keys.Order(), m.Keys.Order());
        Assert.Equal(13.0, m["cpu.usage"]);
        Assert.Equal(0.52, m["load.1"]);
        Assert.Equal(3145728.0 * 1024, m["mem.available"]);
        Assert.Equal(19.02, m["mem.used_percent"]);
        Assert.Equal(51198.0 * 1024, m["swap.used"]);
        Assert.Equal(35.56, m["disk.root.used_percent"]);
        Assert.Equal(35.56, m["disk.max.used_percent"]);
        Assert.Equal(48.686, m["temp.max"]);
        Assert.Equal(0, m["net.rx_rate"]); // first sample
        Assert.Equal(1.5, m["psi.cpu.some10"]);
        Assert.Equal(0.1, m["psi.memory.some10"]);
        Assert.Equal(12.5, m["psi.io.some10"]);
        Assert.Equal(1, m["throttled.now"]);
        Assert.Equal(20, m["storage.wear_max_percent"]);
    }

    [Fact]
    public void AbsentDataLeavesKeysOut()
    {
        var m = new Dictionary<string, double>();
        ResourceMetrics.Extract(HostFixture.SampleOnce("apu2"), m);

        Assert.DoesNotContain("psi.cpu.some10", m.Keys);
        Assert.DoesNotContain("throttled.now", m.Keys);
        Assert.DoesNotContain("swap.used_percent", m.Keys);
        Assert.DoesNotContain("storage.wear_max_percent", m.Keys);
        Assert.Equal(78.95, m["disk.max.used_percent"]);
        Assert.Equal(52.875, m["temp.max"]);
        Assert.All(m.Keys, k => Assert.Contains(k, ResourceMetrics.Keys));
    }

    [Fact]
    public void KeysAreUnique() => Assert.Equal(ResourceMetrics.Keys.Count, ResourceMetrics.Keys.Distinct().Count());
}
