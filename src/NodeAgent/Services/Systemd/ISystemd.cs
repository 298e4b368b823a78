namespace NodeAgent.Services.Systemd;

/// <summary>
/// The systemd operations the service manager uses. The real one is <see cref="SystemdClient"/> (D-Bus); tests drive
/// it against a real systemd booted in systemd-nspawn.
/// </summary>
public interface ISystemd : IAsyncDisposable
{
    /// <summary>Completes when the bus connection ends (systemd or dbus restarted): connect a new client then.</summary>
    Task Closed { get; }

    /// <summary>The unit's state; a unit systemd does not know has <c>LoadState</c> <c>not-found</c>.</summary>
    Task<UnitState> GetUnitStateAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>The service's cgroup memory and CPU time only: two properties, for measuring footprints often and cheaply.</summary>
    Task<UnitUsage> GetUsageAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Starts the unit (job mode <c>replace</c>) and waits for the job to end.</summary>
    Task<JobResult> StartAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Stops the unit and waits for the job to end.</summary>
    Task<JobResult> StopAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Restarts the unit (starts it if it is not running) and waits for the job to end.</summary>
    Task<JobResult> RestartAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary><c>reset-failed</c>: forgets the unit's failure and its start-limit count, so it may be started again.</summary>
    Task ResetFailedAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Enables the unit's unit file (its <c>[Install]</c> links), then reloads systemd.</summary>
    Task EnableAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Disables the unit's unit file, then reloads systemd.</summary>
    Task DisableAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary><c>daemon-reload</c>: systemd rereads unit files and drop-ins.</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the agent's drop-in for the unit (<c>/etc/systemd/system/UNIT.d/50-nodeagent.conf</c>) atomically and
    /// reloads systemd when the content changed. Returns whether it changed.
    /// </summary>
    Task<bool> WriteDropInAsync(string unit, string content, CancellationToken cancellationToken = default);

    /// <summary>Removes the agent's drop-in for the unit, if any, and reloads systemd. Returns whether there was one.</summary>
    Task<bool> RemoveDropInAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onActiveState"/> with the unit's new <c>ActiveState</c> each time systemd announces a change,
    /// until the returned handle is disposed.
    /// </summary>
    Task<IDisposable> WatchActiveStateAsync(string unit, Action<string> onActiveState, CancellationToken cancellationToken = default);
}
