using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Manager;

/// <summary>
/// The manager's state for one catalogue entry. Fields change only under <see cref="Sync"/>; <see cref="Gate"/>
/// serializes operations (install, start, …) so two never overlap on one service.
/// </summary>
internal sealed class ManagedService(ServiceManifest manifest, DateTimeOffset now)
{
    public ServiceManifest Manifest { get; } = manifest;

    public Lock Sync { get; } = new();

    /// <summary>Held for the whole of an operation; a second one is refused while it is held, not queued.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ServiceState State { get; set; } = ServiceState.Unknown;

    public double? Progress { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset Since { get; set; } = now;

    /// <summary>The health probe, while the unit runs.</summary>
    public ProbeLoop? Probe { get; set; }

    /// <summary>The subscription to the unit's ActiveState, while installed.</summary>
    public IDisposable? Watch { get; set; }

    /// <summary>1 while a reconciliation after a unit signal is pending (a field: it is exchanged atomically).</summary>
    public int ReconcilePending;

    /// <summary>The pending restart after systemd's start limit was hit; null when none is waiting.</summary>
    public CancellationTokenSource? Backoff { get; set; }

    /// <summary>When the pending backoff restart is due (meaningful while <see cref="Backoff"/> is set).</summary>
    public DateTimeOffset BackoffDue { get; set; }

    /// <summary>How many times in a row the start limit was hit (reset once healthy for a while).</summary>
    public int BackoffHits { get; set; }

    /// <summary>Since when every probe has passed; null while it is not healthy.</summary>
    public DateTimeOffset? HealthySince { get; set; }

    /// <summary>The owner's operation running now (install, start, …); null when none. Set and cleared under the gate.</summary>
    public volatile string? Operation;

    /// <summary>An owner's operation runs: another one is refused, not queued.</summary>
    public bool Busy => Operation is not null;

    /// <summary>
    /// Takes the gate for the agent's own short work (reading a unit after a signal, a restart after backoff, shedding):
    /// it waits for another such holder but gives up after <paramref name="patience"/> (an owner's install can take minutes).
    /// </summary>
    public Task<bool> EnterAsync(TimeSpan patience, CancellationToken cancellationToken) => Gate.WaitAsync(patience, cancellationToken);

    public ServiceSnapshot Snapshot()
    {
        lock (Sync)
        {
            return new ServiceSnapshot(Manifest, State, Progress, Detail, Since, Busy);
        }
    }
}
