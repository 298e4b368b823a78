using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Limits;

namespace NodeAgent.Tests.Services;

public class LimitsDropInTests
{
    private static readonly ServiceCatalogue Shipped = ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles());

    [Fact]
    public void SyncthingsDropInCarriesItsLimitsAndRestartPolicy()
    {
        Assert.Equal("""
            # Written by nodeagent from the manifest of syncthing; it is replaced whenever the agent applies it.
            # Put changes of your own in a drop-in that sorts later in this directory, e.g. 90-local.conf.
            [Unit]
            StartLimitIntervalSec=300s
            StartLimitBurst=5

            [Service]
            MemoryAccounting=yes
            CPUAccounting=yes
            MemoryHigh=256M
            MemoryMax=384M
            CPUQuota=100%
            IOWeight=50
            Restart=on-failure
            RestartSec=5s

            """.ReplaceLineEndings("\n"), LimitsDropIn.For(Shipped.Find("syncthing")!));
    }

    [Fact]
    public void AbsentLimitsAreLeftOut()
    {
        var bare = Shipped.Find("serf")! with { Limits = new ServiceLimits { MemoryMaxMb = 64 } };
        var text = LimitsDropIn.For(bare);
        Assert.Contains("MemoryMax=64M\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MemoryHigh", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CPUQuota", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IOWeight", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyKeysSystemd252KnowsAreWritten()
    {
        // RestartSteps= and RestartMaxDelaySec= came in systemd 254; bookworm has 252, which would ignore them.
        string[] known = ["StartLimitIntervalSec", "StartLimitBurst", "MemoryAccounting", "CPUAccounting", "MemoryHigh", "MemoryMax", "CPUQuota", "IOWeight", "Restart", "RestartSec"];
        foreach (var manifest in Shipped.Manifests)
        {
            var keys = LimitsDropIn.For(manifest).Split('\n')
                .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
                .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]);
            Assert.All(keys, k => Assert.Contains(k, known));
        }
    }

    [Theory]
    [InlineData(4, null, null)]
    [InlineData(null, 0, null)]
    [InlineData(null, null, 10001)]
    public void OutOfRangeLimitsBuiltInCodeAreRefused(int? memoryMaxMb, int? cpu, int? io)
    {
        var manifest = Shipped.Find("serf")! with { Limits = new ServiceLimits { MemoryMaxMb = memoryMaxMb, CpuQuotaPercent = cpu, IoWeight = io } };
        Assert.Throws<ArgumentOutOfRangeException>(() => LimitsDropIn.For(manifest));
    }

    [Theory]
    [InlineData("syncthing@syncthing.service", "/etc/systemd/system/syncthing@syncthing.service.d/50-nodeagent.conf")]
    [InlineData("unbound.service", "/etc/systemd/system/unbound.service.d/50-nodeagent.conf")]
    public void TheDropInGoesBesideTheUnit(string unit, string path) => Assert.Equal(path, LimitsDropIn.PathFor(unit));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("unbound.service/../x.service")]
    [InlineData("unbound.timer")]
    public void AUnitNameCannotWalkOutOfTheDirectory(string unit) => Assert.Throws<ArgumentException>(() => LimitsDropIn.PathFor(unit));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void TheAgentsRestartBackoffDoublesUpToAnHour(int hits, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), RestartBackoff.DelayAfter(hits));
}
