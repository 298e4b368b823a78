using NodeAgent.Contracts;
using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class ResourceFactsTests
{
    private static FileSystemSnapshot Fs(string mount, double used, bool readOnly = false) => new()
    {
        MountPoint = mount, Device = "/dev/x", FsType = "ext4", ReadOnly = readOnly, SizeBytes = 100, UsedBytes = (long)used, AvailableBytes = 100 - (long)used, UsedPercent = used,
    };

    [Fact]
    public void TheFullestWritableFilesystemCountsAndReadOnlyOnesDoNot()
    {
        var facts = ResourceFacts.From(new ResourceSnapshot
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            FileSystems = [Fs("/", 40), Fs("/var", 96), Fs("/usr", 100, readOnly: true)],
        });
        Assert.Equal(96, facts.DiskUsedPercent);
        Assert.Contains(HealthThresholds.Critical(facts), r => r.Contains("96", StringComparison.Ordinal));
    }

    [Fact]
    public void UndervoltageWearAndMemoryAreRead()
    {
        var facts = ResourceFacts.From(new ResourceSnapshot
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            Throttling = new ThrottlingSnapshot
            {
                Raw = 0x1, UndervoltageNow = true, ArmFrequencyCappedNow = false, ThrottledNow = false, SoftTemperatureLimitNow = false,
                UndervoltageOccurred = true, ArmFrequencyCappedOccurred = false, ThrottledOccurred = false, SoftTemperatureLimitOccurred = false,
            },
            StorageWear = [new StorageWearSnapshot { Device = "mmcblk0", PreEolInfo = 2 }, new StorageWearSnapshot { Device = "mmcblk1", PreEolInfo = 1 }],
            Memory = new MemorySnapshot
            {
                TotalBytes = 1000, FreeBytes = 10, AvailableBytes = 50, BuffersBytes = 0, CachedBytes = 0, UsedPercent = 95,
                SwapTotalBytes = 0, SwapFreeBytes = 0, SwapUsedBytes = 0,
            },
        });
        Assert.True(facts.Undervoltage);
        Assert.Equal(StorageWear.Warning, facts.StorageWear);
        Assert.Equal(5, facts.MemoryAvailablePercent);
        Assert.Null(ResourceFacts.From(new ResourceSnapshot { Timestamp = DateTimeOffset.UnixEpoch }).DiskUsedPercent);
    }
}
