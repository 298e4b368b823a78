namespace NodeAgent.Tests.Resources;

public class Apu2FixtureTests
{
    private readonly NodeAgent.Contracts.ResourceSnapshot _s = HostFixture.SampleOnce("apu2");

    [Fact]
    public void ReadsEverySourceWithoutProblems() => Assert.Empty(_s.Problems);

    [Fact]
    public void ParsesCpuPerCore()
    {
        var cpu = _s.Cpu!;
        Assert.Equal(4, cpu.CoreCount);
        Assert.Equal("AMD GX-412TC SOC", cpu.Model);
        Assert.Null(cpu.Architecture); // no /proc/sys/kernel/arch and not the live root
        Assert.Equal(14.5, cpu.Total.UsagePercent);
        Assert.Equal(0.5, cpu.Total.IowaitPercent);
        Assert.Equal([20.5, 12.5, 12.5, 12.5], cpu.Cores.Select(c => c.UsagePercent));
    }

    [Fact]
    public void ParsesMemoryWithoutSwap()
    {
        Assert.Equal(10.68, _s.Memory!.UsedPercent);
        Assert.Equal(0, _s.Memory.SwapTotalBytes);
        Assert.Null(_s.Memory.SwapUsedPercent);
    }

    [Fact]
    public void FiltersAndDeduplicatesMounts()
    {
        // /srv/data is a bind of /dev/sda1; overlay, nfs4, /dev/shm and pseudo filesystems are skipped.
        Assert.Equal(["/run", "/", "/tmp", "/mnt/sd", "/media/usb \"backup\""], _s.FileSystems.Select(f => f.MountPoint));
        Assert.Equal([0.26, 32.32, 0.16, 24.14, 78.95], _s.FileSystems.Select(f => f.UsedPercent));
        Assert.True(_s.FileSystems[3].ReadOnly);
        Assert.False(_s.FileSystems[1].ReadOnly);
        Assert.Equal(8835840L * 4096, _s.FileSystems[1].UsedBytes);
        Assert.Equal(2.9, _s.FileSystems[1].InodesUsedPercent);
    }

    [Fact]
    public void ReadsHwmonSensorsAndNoThrottlingOrPressure()
    {
        Assert.Equal(["hwmon0/temp1", "hwmon1/temp1"], _s.Temperatures.Select(t => t.Sensor));
        Assert.Equal(["k10temp", "drivetemp"], _s.Temperatures.Select(t => t.Name));
        Assert.Equal([52.875, 38.0], _s.Temperatures.Select(t => t.Celsius));
        Assert.All(_s.Temperatures, t => Assert.Null(t.Label));
        Assert.Null(_s.Throttling);
        Assert.Null(_s.Pressure);
    }

    [Fact]
    public void ListsSdCardWithoutWearData()
    {
        var sd = Assert.Single(_s.StorageWear);
        Assert.Equal("mmcblk0", sd.Device);
        Assert.Equal("SD", sd.Type);
        Assert.Equal("SD16G", sd.Name);
        Assert.Null(sd.LifeTimeEstimateA);
        Assert.Null(sd.PreEolInfo);
        Assert.Null(sd.LifeTimeUsedPercentMax);
    }

    [Fact]
    public void MarksBridgeAndTunnelAsVirtual()
    {
        Assert.Equal(
            ["enp1s0", "enp2s0", "enp3s0"],
            _s.NetworkInterfaces.Where(n => n.IsPhysical).Select(n => n.Name));
        Assert.Equal(6, _s.NetworkInterfaces.Count);
        Assert.Equal(12, _s.NetworkInterfaces.Single(n => n.Name == "wg0").TransmitDropped);
        Assert.Equal("down", _s.NetworkInterfaces.Single(n => n.Name == "enp3s0").OperState);
    }
}
