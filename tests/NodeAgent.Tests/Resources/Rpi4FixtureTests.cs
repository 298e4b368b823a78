namespace NodeAgent.Tests.Resources;

public class Rpi4FixtureTests
{
    private readonly NodeAgent.Contracts.ResourceSnapshot _s = HostFixture.SampleOnce("rpi4");

    [Fact]
    public void ReadsEverySourceWithoutProblems() => Assert.Empty(_s.Problems);

    [Fact]
    public void FirstSampleReportsCpuAverageSinceBoot()
    {
        var cpu = _s.Cpu!;
        Assert.Equal(4, cpu.CoreCount);
        Assert.Equal("Raspberry Pi Compute Module 4 Rev 1.0", cpu.Model);
        Assert.Equal("aarch64", cpu.Architecture);

        // total 4,000,000 jiffies; idle+iowait 3,480,000; iowait 80,000
        Assert.Equal(13.0, cpu.Total.UsagePercent);
        Assert.Equal(2.0, cpu.Total.IowaitPercent);
        Assert.Equal(0.0, cpu.Total.StealPercent);
        Assert.Equal(["cpu0", "cpu1", "cpu2", "cpu3"], cpu.Cores.Select(c => c.Name));
        Assert.All(cpu.Cores, c => Assert.Equal(13.0, c.UsagePercent));
    }

    [Fact]
    public void ParsesUptimeAndLoad()
    {
        Assert.Equal(86400.50, _s.UptimeSeconds);
        Assert.Equal(0.52, _s.Load!.Load1);
        Assert.Equal(0.58, _s.Load.Load5);
        Assert.Equal(0.59, _s.Load.Load15);
        Assert.Equal(2, _s.Load.RunningTasks);
        Assert.Equal(312, _s.Load.TotalTasks);
    }

    [Fact]
    public void ParsesMemoryAndSwap()
    {
        var m = _s.Memory!;
        Assert.Equal(3884360L * 1024, m.TotalBytes);
        Assert.Equal(2207116L * 1024, m.FreeBytes);
        Assert.Equal(3145728L * 1024, m.AvailableBytes);
        Assert.False(m.AvailableEstimated);
        Assert.Equal(78200L * 1024, m.BuffersBytes);
        Assert.Equal(912340L * 1024, m.CachedBytes);
        Assert.Equal(19.02, m.UsedPercent); // 738632 / 3884360
        Assert.Equal(102396L * 1024, m.SwapTotalBytes);
        Assert.Equal(51198L * 1024, m.SwapUsedBytes);
        Assert.Equal(50.0, m.SwapUsedPercent);
    }

    [Fact]
    public void KeepsRootFirmwareAndRunOnly()
    {
        Assert.Equal(["/", "/run", "/boot/firmware"], _s.FileSystems.Select(f => f.MountPoint));

        var root = _s.FileSystems[0];
        Assert.Equal("/dev/mmcblk0p2", root.Device);
        Assert.Equal("ext4", root.FsType);
        Assert.Equal(7550000L * 4096, root.SizeBytes);
        Assert.Equal(2550000L * 4096, root.UsedBytes);
        Assert.Equal(4620000L * 4096, root.AvailableBytes);
        Assert.Equal(35.56, root.UsedPercent); // 2,550,000 / 7,170,000
        Assert.Equal(1900000, root.Inodes);
        Assert.Equal(10.53, root.InodesUsedPercent);

        var firmware = _s.FileSystems[2];
        Assert.Equal("vfat", firmware.FsType);
        Assert.Equal(23.56, firmware.UsedPercent);
        Assert.Null(firmware.Inodes); // vfat has no inode table
    }

    [Fact]
    public void ListsThermalZoneOnceNotItsHwmonMirror()
    {
        var t = Assert.Single(_s.Temperatures);
        Assert.Equal("thermal_zone0", t.Sensor);
        Assert.Equal("cpu-thermal", t.Name);
        Assert.Equal(48.686, t.Celsius);
    }

    [Fact]
    public void DecodesThrottling50005()
    {
        var t = _s.Throttling!;
        Assert.Equal(0x50005u, t.Raw);
        Assert.True(t.UndervoltageNow);
        Assert.False(t.ArmFrequencyCappedNow);
        Assert.True(t.ThrottledNow);
        Assert.False(t.SoftTemperatureLimitNow);
        Assert.True(t.UndervoltageOccurred);
        Assert.False(t.ArmFrequencyCappedOccurred);
        Assert.True(t.ThrottledOccurred);
        Assert.False(t.SoftTemperatureLimitOccurred);
    }

    [Fact]
    public void ReadsEmmcWearAndSkipsBootPartition()
    {
        var w = Assert.Single(_s.StorageWear);
        Assert.Equal("mmcblk0", w.Device);
        Assert.Equal("MMC", w.Type);
        Assert.Equal("DG4032", w.Name);
        Assert.Equal(2, w.LifeTimeEstimateA);
        Assert.Equal(1, w.LifeTimeEstimateB);
        Assert.Equal(1, w.PreEolInfo);
        Assert.Equal(20, w.LifeTimeUsedPercentMax);
    }

    [Fact]
    public void ParsesPressureWithoutCpuFullLine()
    {
        var p = _s.Pressure!;
        Assert.Equal(1.50, p.Cpu!.Some.Avg10);
        Assert.Equal(123456789, p.Cpu.Some.TotalMicroseconds);
        Assert.Null(p.Cpu.Full);
        Assert.Equal(0.05, p.Memory!.Full!.Avg10);
        Assert.Equal(12.50, p.Io!.Some.Avg10);
        Assert.Equal(3.00, p.Io.Full!.Avg300);
    }

    [Fact]
    public void ParsesInterfacesWithZeroRatesOnFirstSample()
    {
        Assert.Equal(["lo", "eth0", "wlan0"], _s.NetworkInterfaces.Select(n => n.Name));
        var eth0 = _s.NetworkInterfaces[1];
        Assert.Equal("up", eth0.OperState);
        Assert.True(eth0.IsPhysical);
        Assert.False(eth0.IsLoopback);
        Assert.Equal(1000000000, eth0.ReceiveBytes);
        Assert.Equal(900000, eth0.ReceivePackets);
        Assert.Equal(2, eth0.ReceiveErrors);
        Assert.Equal(5, eth0.ReceiveDropped);
        Assert.Equal(500000000, eth0.TransmitBytes);
        Assert.Equal(600000, eth0.TransmitPackets);
        Assert.Equal(1, eth0.TransmitDropped);
        Assert.Equal(0, eth0.ReceiveBytesPerSecond);
        Assert.Empty(eth0.Addresses);
        Assert.True(_s.NetworkInterfaces[0].IsLoopback);
        Assert.Equal("dormant", _s.NetworkInterfaces[2].OperState);
    }
}
