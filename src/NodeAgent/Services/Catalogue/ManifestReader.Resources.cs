namespace NodeAgent.Services.Catalogue;

internal static partial class ManifestReader
{
    private static ServiceRequirements? ReadRequirements(JsonObjectReader root)
    {
        if (root.Object("requirements", true, "ramMb", "diskMb", "cores") is not { } r)
        {
            return null;
        }
        var ram = r.Int("ramMb", true, 1, 65536, "the MiB of RAM the service uses while running");
        var disk = r.Int("diskMb", true, 1, 1048576, "the MiB of disk its packages and first data take");
        var cores = r.Has("cores") ? r.Int("cores", true, 1, 64, "the CPU cores the node needs at least") : 1;
        return ram is null || disk is null || cores is null ? null : new ServiceRequirements(ram.Value, disk.Value, cores.Value);
    }

    /// <summary>
    /// Limits must leave room for the service's own requirement: a MemoryMax below what it needs would have the
    /// kernel kill it in normal use, and a MemoryHigh below it would throttle it all the time.
    /// </summary>
    private static ServiceLimits? ReadLimits(JsonObjectReader root, ServiceRequirements? requirements)
    {
        if (root.Object("limits", true, "memoryHighMb", "memoryMaxMb", "cpuQuotaPercent", "ioWeight") is not { } l)
        {
            return null;
        }
        var before = l.ProblemCount;
        var high = l.Int("memoryHighMb", false, 8, 65536, "MemoryHigh= in MiB");
        var max = l.Int("memoryMaxMb", true, 8, 65536, "MemoryMax= in MiB (every service gets a hard memory cap)");
        var cpu = l.Int("cpuQuotaPercent", false, 1, 6400, "CPUQuota= in percent of one core");
        var io = l.Int("ioWeight", false, 1, 10000, "IOWeight=");
        if (max is { } m && requirements is not null && m < requirements.RamMb)
        {
            l.Problem("memoryMaxMb", $"is {m} MiB, below requirements.ramMb ({requirements.RamMb} MiB): the kernel would kill the service in normal use; give at least {requirements.RamMb}");
        }
        if (high is { } h)
        {
            if (requirements is not null && h < requirements.RamMb)
            {
                l.Problem("memoryHighMb", $"is {h} MiB, below requirements.ramMb ({requirements.RamMb} MiB): the service would be throttled in normal use; give at least {requirements.RamMb}");
            }
            if (max is { } mm && h >= mm)
            {
                l.Problem("memoryHighMb", $"is {h} MiB, not below memoryMaxMb ({mm} MiB); MemoryHigh is the soft limit under the hard one, or leave it out");
            }
        }
        return l.ProblemCount > before ? null : new ServiceLimits { MemoryHighMb = high, MemoryMaxMb = max, CpuQuotaPercent = cpu, IoWeight = io };
    }
}
