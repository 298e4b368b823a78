namespace NodeAgent.Contracts;

/// <summary>Memory and swap from <c>/proc/meminfo</c>, in bytes.</summary>
public sealed record MemorySnapshot
{
    /// <summary>MemTotal.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>MemFree: truly unused pages (usually small; not what "free" means to users).</summary>
    public required long FreeBytes { get; init; }

    /// <summary>
    /// MemAvailable: the kernel's estimate of what can be allocated without swapping.
    /// Kernels before 3.14 lack it; then it is estimated as free + buffers + cached.
    /// </summary>
    public required long AvailableBytes { get; init; }

    /// <summary>True when <see cref="AvailableBytes"/> is the pre-3.14 estimate.</summary>
    public bool AvailableEstimated { get; init; }

    /// <summary>Buffers.</summary>
    public required long BuffersBytes { get; init; }

    /// <summary>Cached (page cache).</summary>
    public required long CachedBytes { get; init; }

    /// <summary>(Total - Available) / Total, in percent.</summary>
    public required double UsedPercent { get; init; }

    /// <summary>SwapTotal; 0 when the node has no swap.</summary>
    public required long SwapTotalBytes { get; init; }

    /// <summary>SwapFree.</summary>
    public required long SwapFreeBytes { get; init; }

    /// <summary>SwapTotal - SwapFree.</summary>
    public required long SwapUsedBytes { get; init; }

    /// <summary>Swap used in percent; <c>null</c> when there is no swap.</summary>
    public double? SwapUsedPercent { get; init; }
}
