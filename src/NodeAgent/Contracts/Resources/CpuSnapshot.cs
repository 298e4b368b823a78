namespace NodeAgent.Contracts;

/// <summary>
/// CPU usage over the interval since the previous sample (the first sample reports the
/// average since boot).
/// </summary>
public sealed record CpuSnapshot
{
    /// <summary>Online cores (the <c>cpuN</c> lines of <c>/proc/stat</c>).</summary>
    public required int CoreCount { get; init; }

    /// <summary>CPU or board model from <c>/proc/cpuinfo</c>, when it names one.</summary>
    public string? Model { get; init; }

    /// <summary>Kernel architecture (<c>/proc/sys/kernel/arch</c>, e.g. <c>aarch64</c>).</summary>
    public string? Architecture { get; init; }

    /// <summary>All cores together.</summary>
    public required CpuUsage Total { get; init; }

    /// <summary>One entry per core, in kernel order.</summary>
    public IReadOnlyList<CpuUsage> Cores { get; init; } = [];
}
