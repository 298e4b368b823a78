namespace NodeAgent.Contracts;

/// <summary>
/// One sample of the node's resources, taken by <c>NodeAgent.Resources.ResourceSampler</c>.
/// A section is <c>null</c> (or a list is empty) when its source does not exist on this host
/// or could not be read; in the second case <see cref="Problems"/> says why.
/// </summary>
public sealed record ResourceSnapshot
{
    /// <summary>When the sample was taken (UTC, from the sampler's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Seconds since boot (<c>/proc/uptime</c>).</summary>
    public double? UptimeSeconds { get; init; }

    /// <summary>CPU usage (<c>/proc/stat</c>, <c>/proc/cpuinfo</c>).</summary>
    public CpuSnapshot? Cpu { get; init; }

    /// <summary>Load averages and task counts (<c>/proc/loadavg</c>).</summary>
    public LoadSnapshot? Load { get; init; }

    /// <summary>Memory and swap (<c>/proc/meminfo</c>).</summary>
    public MemorySnapshot? Memory { get; init; }

    /// <summary>Real, de-duplicated filesystems, in mount order.</summary>
    public IReadOnlyList<FileSystemSnapshot> FileSystems { get; init; } = [];

    /// <summary>Thermal zones and hwmon temperature inputs.</summary>
    public IReadOnlyList<TemperatureReading> Temperatures { get; init; } = [];

    /// <summary>Network interfaces from <c>/proc/net/dev</c>, loopback included.</summary>
    public IReadOnlyList<NetworkInterfaceSnapshot> NetworkInterfaces { get; init; } = [];

    /// <summary>Pressure stall information; <c>null</c> on kernels without PSI.</summary>
    public PressureSnapshot? Pressure { get; init; }

    /// <summary>Raspberry Pi firmware throttling flags; <c>null</c> on other boards.</summary>
    public ThrottlingSnapshot? Throttling { get; init; }

    /// <summary>Wear estimates of SD/eMMC devices; empty when the host has none.</summary>
    public IReadOnlyList<StorageWearSnapshot> StorageWear { get; init; } = [];

    /// <summary>
    /// One line per source that failed in this sample ("proc/stat: ..."). Empty when every
    /// source that exists was read and understood.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
