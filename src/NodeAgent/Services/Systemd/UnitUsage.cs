namespace NodeAgent.Services.Systemd;

/// <summary>What a service's cgroup uses now; null where systemd has no number (no accounting, not running).</summary>
/// <param name="MemoryCurrentBytes">The cgroup's memory (<c>MemoryCurrent</c>).</param>
/// <param name="CpuUsageNanoseconds">CPU time its cgroup used since it started (<c>CPUUsageNSec</c>).</param>
public sealed record UnitUsage(ulong? MemoryCurrentBytes, ulong? CpuUsageNanoseconds);
