namespace NodeAgent.Services.Catalogue;

/// <summary>
/// Limits the agent applies to the unit (see <c>Limits/LimitsDropIn</c>). Each is optional; an absent one
/// leaves systemd's default (no limit, IOWeight 100).
/// </summary>
public sealed record ServiceLimits
{
    /// <summary>MemoryHigh= in MiB: above it the kernel reclaims the service's memory hard (throttles), it is not killed.</summary>
    public int? MemoryHighMb { get; init; }

    /// <summary>MemoryMax= in MiB: above it the kernel's OOM killer ends the service.</summary>
    public int? MemoryMaxMb { get; init; }

    /// <summary>CPUQuota= in percent of one core (200 = two cores).</summary>
    public int? CpuQuotaPercent { get; init; }

    /// <summary>IOWeight= 1-10000 (systemd's default is 100); lower yields the disk to the agent and the system.</summary>
    public int? IoWeight { get; init; }
}
