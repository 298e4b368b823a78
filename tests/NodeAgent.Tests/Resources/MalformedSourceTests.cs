namespace NodeAgent.Tests.Resources;

/// <summary>Broken or missing sources cost their own section and leave a problem line, never an exception.</summary>
public class MalformedSourceTests
{
    [Theory]
    [InlineData("proc/stat", "cpu garbage here\n")]
    [InlineData("proc/stat", "")]
    [InlineData("proc/meminfo", "MemTotal: lots kB\n")]
    [InlineData("proc/loadavg", "0.1 0.2\n")]
    [InlineData("proc/loadavg", "0.1 0.2 0.3 x/y 12\n")]
    [InlineData("proc/uptime", "soon\n")]
    [InlineData("proc/pressure/io", "some avg10=abc\n")]
    [InlineData("sys/devices/platform/soc/soc:firmware/get_throttled", "not-hex\n")]
    [InlineData("sys/block/mmcblk0/device/life_time", "0xZZ\n")]
    [InlineData("sys/class/thermal/thermal_zone0/temp", "hot\n")]
    public void MalformedFileGivesNullSectionAndProblem(string file, string content)
    {
        using var host = HostFixture.Copy("rpi4");
        host.Write(file, content);

        var s = host.Sampler.Sample();

        string problem = Assert.Single(s.Problems);
        Assert.Contains(Path.GetFileName(file), problem, StringComparison.Ordinal);
        switch (file)
        {
            case "proc/stat": Assert.Null(s.Cpu); break;
            case "proc/meminfo": Assert.Null(s.Memory); break;
            case "proc/loadavg": Assert.Null(s.Load); break;
            case "proc/uptime": Assert.Null(s.UptimeSeconds); break;
            case "proc/pressure/io": Assert.Null(s.Pressure!.Io); Assert.NotNull(s.Pressure.Cpu); break;
            case "sys/block/mmcblk0/device/life_time": Assert.Null(s.StorageWear[0].LifeTimeEstimateA); break;
            case "sys/class/thermal/thermal_zone0/temp": Assert.Empty(s.Temperatures); break;
            default: Assert.Null(s.Throttling); break;
        }

        // Everything else is still there.
        Assert.Equal(3, s.NetworkInterfaces.Count);
        Assert.Equal(3, s.FileSystems.Count);
    }

    [Theory]
    [InlineData("proc/stat")]
    [InlineData("proc/meminfo")]
    [InlineData("proc/loadavg")]
    [InlineData("proc/uptime")]
    [InlineData("proc/net/dev")]
    [InlineData("proc/mounts")]
    public void MissingRequiredFileIsAProblem(string file)
    {
        using var host = HostFixture.Copy("rpi4");
        host.Delete(file);

        var s = host.Sampler.Sample();

        string problem = Assert.Single(s.Problems);
        Assert.StartsWith("/" + file + ": ", problem, StringComparison.Ordinal);
        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOptionalFilesAreAbsentNotProblems()
    {
        using var host = HostFixture.Copy("rpi4");
        host.Delete("proc/pressure/cpu");
        host.Delete("proc/pressure/memory");
        host.Delete("proc/pressure/io");
        host.Delete("sys/devices/platform/soc/soc:firmware/get_throttled");
        host.Delete("proc/cpuinfo");

        var s = host.Sampler.Sample();

        Assert.Empty(s.Problems);
        Assert.Null(s.Pressure);
        Assert.Null(s.Throttling);
        Assert.Null(s.Cpu!.Model);
    }

    [Fact]
    public void StatvfsFailureDropsOnlyThatFilesystem()
    {
        using var host = HostFixture.Copy("rpi4");
        host.Write("statvfs", "/ 4096 7550000 5000000 4620000 1900000 1700000\n");

        var s = host.Sampler.Sample();

        Assert.Equal(["/"], s.FileSystems.Select(f => f.MountPoint));
        Assert.Equal(2, s.Problems.Count);
        Assert.All(s.Problems, p => Assert.StartsWith("filesystem /", p, StringComparison.Ordinal));
    }

    [Fact]
    public void BadNetDevLineSkipsThatInterfaceOnly()
    {
        using var host = HostFixture.Copy("rpi4");
        host.Write("proc/net/dev", "h1\nh2\n  eth0: 1 2 3\n    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");

        var s = host.Sampler.Sample();

        Assert.Equal(["lo"], s.NetworkInterfaces.Select(n => n.Name));
        Assert.Contains("eth0", Assert.Single(s.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyRootSamplesWithProblemsButDoesNotThrow()
    {
        string empty = Directory.CreateTempSubdirectory("nodeagent-res-empty").FullName;
        try
        {
            var sampler = new NodeAgent.Resources.ResourceSampler(
                new NodeAgent.Resources.HostRoot(empty), new ManualTimeProvider(HostFixture.Start), new FixtureFileSystemStats(empty), NodeAgent.Resources.NoNetworkAddresses.Instance);

            var s = sampler.Sample();

            Assert.Null(s.Cpu);
            Assert.Null(s.Memory);
            Assert.Empty(s.FileSystems);
            Assert.Equal(6, s.Problems.Count);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
