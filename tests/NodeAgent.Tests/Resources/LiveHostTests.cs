using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

/// <summary>Samples the machine running the tests: real /proc, real statvfs, real addresses.</summary>
public class LiveHostTests
{
    [Fact]
    public void LiveRootSamplesWithoutProblems()
    {
        var sampler = new ResourceSampler(HostRoot.Live, TimeProvider.System);

        var first = sampler.Sample();
        var second = sampler.Sample();

        foreach (var s in new[] { first, second })
        {
            Assert.Empty(s.Problems);
            Assert.True(s.Memory!.TotalBytes > 0);
            Assert.True(s.Cpu!.CoreCount >= 1);
            Assert.Equal(s.Cpu.CoreCount, s.Cpu.Cores.Count);
            Assert.InRange(s.Cpu.Total.UsagePercent, 0, 100);
            var root = Assert.Single(s.FileSystems, f => f.MountPoint == "/");
            Assert.True(root.SizeBytes > 0);
            Assert.True(s.UptimeSeconds > 0);
            Assert.Contains(s.NetworkInterfaces, n => n.IsLoopback);
        }

        // Addresses come from the live kernel: loopback always has one.
        Assert.Contains(second.NetworkInterfaces.Single(n => n.IsLoopback).Addresses, a => a.StartsWith("127.", StringComparison.Ordinal));
    }

    [Fact]
    public void StatvfsMatchesDriveInfoForRoot()
    {
        Assert.True(new LibcFileSystemStats(HostRoot.Live).TryGetStats("/", out var stats, out string? failure), failure);
        var drive = new DriveInfo("/");
        Assert.Equal(drive.TotalSize, (long)(stats.Blocks * stats.FragmentSize));
    }

    [Fact]
    public void StatvfsReportsMissingPathWithErrno()
    {
        Assert.False(new LibcFileSystemStats(HostRoot.Live).TryGetStats("/no/such/mount", out _, out string? failure));
        Assert.Contains("errno 2", failure, StringComparison.Ordinal);
    }
}
