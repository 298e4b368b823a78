using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

/// <summary>What systemd's view of an installed service's unit means for its state (pure).</summary>
internal static class UnitStates
{
    /// <summary>
    /// Stopped, Failed, or Starting for a unit that runs (the probe then decides healthy or unhealthy), with the reason.
    /// A unit waiting to be restarted after a crash (<c>activating/auto-restart</c>) counts as failed: it does not serve.
    /// </summary>
    public static (ServiceState State, string Detail) Classify(UnitState unit)
    {
        if (!unit.Exists)
        {
            return (ServiceState.Failed, $"systemd has no unit {unit.Name} (load state {unit.LoadState}): the package does not provide it");
        }
        if (unit.ActiveState == "failed")
        {
            return (ServiceState.Failed, $"{unit.Name} failed ({Why(unit)})");
        }
        if (unit.SubState == "auto-restart")
        {
            return (ServiceState.Failed, $"{unit.Name} ended ({Why(unit)}); systemd restarts it");
        }
        return unit.ActiveState is "active" or "activating" or "reloading"
            ? (ServiceState.Starting, $"{unit.Name} is {unit.ActiveState} ({unit.SubState})")
            : (ServiceState.Stopped, $"{unit.Name} is {unit.ActiveState}");
    }

    private static string Why(UnitState unit) => unit.Result switch
    {
        "exit-code" => $"exit status {unit.ExecMainStatus}",
        "signal" or "core-dump" => $"killed by signal {unit.ExecMainStatus}",
        "oom-kill" => "killed for using too much memory",
        "start-limit-hit" => "restarted too often; the start limit was hit",
        null or "" => "no result",
        { } other => other,
    };
}
