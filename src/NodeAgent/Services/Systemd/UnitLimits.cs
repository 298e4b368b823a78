namespace NodeAgent.Services.Systemd;

/// <summary>
/// The resource limits systemd holds for a service (from its unit file and drop-ins); null = no limit. They are what
/// systemd will apply, whether or not this kernel's cgroups enforce them (inside systemd-nspawn on cgroup v1 they do not).
/// </summary>
/// <param name="MemoryMaxBytes"><c>MemoryMax=</c>: the OOM killer acts above it.</param>
/// <param name="MemoryHighBytes"><c>MemoryHigh=</c>: reclaim is forced above it.</param>
/// <param name="CpuQuotaPerSecondMicroseconds"><c>CPUQuota=</c> as CPU time per second (50% = 500000).</param>
/// <param name="IoWeight"><c>IOWeight=</c> 1-10000.</param>
public sealed record UnitLimits(ulong? MemoryMaxBytes, ulong? MemoryHighBytes, ulong? CpuQuotaPerSecondMicroseconds, ulong? IoWeight);
