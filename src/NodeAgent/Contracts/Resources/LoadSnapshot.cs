namespace NodeAgent.Contracts;

/// <summary>Load averages and scheduler entities from <c>/proc/loadavg</c>.</summary>
public sealed record LoadSnapshot
{
    /// <summary>Load average over 1 minute.</summary>
    public required double Load1 { get; init; }

    /// <summary>Load average over 5 minutes.</summary>
    public required double Load5 { get; init; }

    /// <summary>Load average over 15 minutes.</summary>
    public required double Load15 { get; init; }

    /// <summary>Runnable tasks right now.</summary>
    public required int RunningTasks { get; init; }

    /// <summary>All tasks (processes and threads).</summary>
    public required int TotalTasks { get; init; }
}
