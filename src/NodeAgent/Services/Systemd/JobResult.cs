namespace NodeAgent.Services.Systemd;

/// <summary>How a systemd job ended: the <c>result</c> of its <c>JobRemoved</c> signal.</summary>
public enum JobResult
{
    /// <summary><c>done</c>: the unit reached the state asked for.</summary>
    Done,
    /// <summary><c>canceled</c>: another job replaced it.</summary>
    Canceled,
    /// <summary><c>timeout</c>: systemd's own start/stop timeout ran out.</summary>
    Timeout,
    /// <summary><c>failed</c>: the unit failed (e.g. its process exited non-zero before it counted as started).</summary>
    Failed,
    /// <summary><c>dependency</c>: a unit it requires failed.</summary>
    Dependency,
    /// <summary><c>skipped</c>: nothing to do (e.g. a reload of an inactive unit).</summary>
    Skipped,
    /// <summary>A result this version does not know.</summary>
    Other,
}

internal static class JobResults
{
    internal static JobResult Parse(string result) => result switch
    {
        "done" => JobResult.Done,
        "canceled" => JobResult.Canceled,
        "timeout" => JobResult.Timeout,
        "failed" => JobResult.Failed,
        "dependency" => JobResult.Dependency,
        "skipped" => JobResult.Skipped,
        _ => JobResult.Other,
    };
}
