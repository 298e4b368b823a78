namespace NodeAgent.Services.Systemd;

/// <summary>
/// What systemd says about one unit right now. Numbers systemd does not know (no accounting, no cgroup, not a
/// service) are null, never zero.
/// </summary>
/// <param name="Name">Unit name, e.g. <c>syncthing@node.service</c>.</param>
/// <param name="LoadState"><c>loaded</c>, <c>not-found</c>, <c>masked</c>, <c>error</c>, …</param>
/// <param name="ActiveState"><c>active</c>, <c>inactive</c>, <c>activating</c>, <c>deactivating</c>, <c>failed</c>, <c>reloading</c>.</param>
/// <param name="SubState">Type-specific state, e.g. <c>running</c>, <c>exited</c>, <c>dead</c>, <c>auto-restart</c>.</param>
/// <param name="UnitFileState"><c>enabled</c>, <c>disabled</c>, <c>static</c>, … or empty when there is no unit file.</param>
/// <param name="MainPid">Main process id (in systemd's PID namespace), null when none runs.</param>
/// <param name="ExecMainStatus">Exit status (or signal number) of the last main process, null for non-services.</param>
/// <param name="Result">Service result: <c>success</c>, <c>exit-code</c>, <c>signal</c>, <c>oom-kill</c>, …; null for non-services.</param>
/// <param name="MemoryCurrentBytes">The unit's cgroup memory, null without memory accounting.</param>
/// <param name="CpuUsageNanoseconds">CPU time used by the unit's cgroup, null without CPU accounting.</param>
/// <param name="DropInPaths">Drop-in files systemd has loaded for the unit.</param>
public sealed record UnitState(
    string Name,
    string LoadState,
    string ActiveState,
    string SubState,
    string UnitFileState,
    uint? MainPid,
    int? ExecMainStatus,
    string? Result,
    ulong? MemoryCurrentBytes,
    ulong? CpuUsageNanoseconds,
    IReadOnlyList<string> DropInPaths)
{
    /// <summary>The resource limits systemd holds for the service; null for units that are not loaded services.</summary>
    public UnitLimits? Limits { get; init; }

    /// <summary>The service's effective <c>Restart=</c> (<c>no</c>, <c>on-failure</c>, <c>always</c>, …) after every drop-in; null for units that are not loaded services.</summary>
    public string? Restart { get; init; }

    /// <summary>systemd knows a unit file (or generator output) for it.</summary>
    public bool Exists => LoadState is not ("not-found" or "");
}
