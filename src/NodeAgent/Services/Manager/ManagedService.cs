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

    public bool Busy => Gate.CurrentCount == 0;

    public ServiceSnapshot Snapshot()
    {
        lock (Sync)
        {
            return new ServiceSnapshot(Manifest, State, Progress, Detail, Since, Busy);
        }
    }
}
