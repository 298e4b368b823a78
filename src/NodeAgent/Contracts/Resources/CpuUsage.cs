namespace NodeAgent.Contracts;

/// <summary>Shares of CPU time in one interval, in percent (0-100).</summary>
public sealed record CpuUsage
{
    /// <summary><c>cpu</c> for the total, <c>cpu0</c>, <c>cpu1</c>... for cores.</summary>
    public required string Name { get; init; }

    /// <summary>Busy time: everything except idle and iowait.</summary>
    public required double UsagePercent { get; init; }

    /// <summary>Idle time spent waiting for I/O (a slow SD card shows here).</summary>
    public required double IowaitPercent { get; init; }

    /// <summary>Time the hypervisor gave to other guests (VMs only).</summary>
    public required double StealPercent { get; init; }
}
