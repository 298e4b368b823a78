namespace NodeAgent.Tests.Resources;

/// <summary>The fixture captured from the development VM's real /proc and /sys.</summary>
public class DebianVmFixtureTests
{
    private readonly NodeAgent.Contracts.ResourceSnapshot _s = HostFixture.SampleOnce("debian-x64-vm");

    [Fact]
    public void ReadsEverySourceWithoutProblems() => Assert.Empty(_s.Problems);

    [Fact]
    public void ParsesCapturedCpu()
    {
        var cpu = _s.Cpu!;
        Assert.Equal(2, cpu.CoreCount);
        Assert.Equal("AMD EPYC", cpu.Model);
        Assert.Equal("x86_64", cpu.Architecture);

        // cpu  43313 0 7328 107052 1826 0 216 1638: total 161373, busy 52495
        Assert.Equal(32.53, cpu.Total.UsagePercent);
        Assert.Equal(1.13, cpu.Total.IowaitPercent);
        Assert.Equal(1.02, cpu.Total.StealPercent);
    }

    [Fact]
    public void ParsesCapturedMemoryLoadUptime()
    {
        Assert.Equal(24684092L * 1024, _s.Memory!.TotalBytes);
        Assert.Equal(24302868L * 1024, _s.Memory.AvailableBytes);
        Assert.Equal(1.54, _s.Memory.UsedPercent);
        Assert.Equal(0, _s.Memory.SwapTotalBytes);
        Assert.Null(_s.Memory.SwapUsedPercent);
        Assert.Equal(4.08, _s.Load!.Load1);
        Assert.Equal(81, _s.Load.TotalTasks);
        Assert.Equal(807.48, _s.UptimeSeconds);
    }

    [Fact]
    public void KeepsOnlyTheRootFilesystem()
    {
        // devtmpfs, /dev/shm, devpts (mounted twice), cgroup v1 and v2 are all skipped.
        var root = Assert.Single(_s.FileSystems);
        Assert.Equal("/", root.MountPoint);
        Assert.Equal("/dev/vda", root.Device);
        Assert.Equal(14.61, root.UsedPercent);
    }

    [Fact]
    public void HasNoSensorsThrottlingOrMmc()
    {
        Assert.Empty(_s.Temperatures);
        Assert.Null(_s.Throttling);
        Assert.Empty(_s.StorageWear);
    }

    [Fact]
    public void ParsesCapturedPressure()
    {
        Assert.Equal(43.74, _s.Pressure!.Cpu!.Some.Avg10);
        Assert.Equal(0, _s.Pressure.Cpu.Full!.TotalMicroseconds);
        Assert.Equal(14438881, _s.Pressure.Io!.Full!.TotalMicroseconds);
    }

    [Fact]
    public void OnlyEth0IsPhysical()
    {
        Assert.Equal(["lo", "ifb0", "ifb1", "eth0"], _s.NetworkInterfaces.Select(n => n.Name));
        Assert.Equal(["eth0"], _s.NetworkInterfaces.Where(n => n.IsPhysical).Select(n => n.Name));
        Assert.Equal(217513075, _s.NetworkInterfaces[3].ReceiveBytes);
        Assert.Equal("up", _s.NetworkInterfaces[3].OperState);
    }
}
