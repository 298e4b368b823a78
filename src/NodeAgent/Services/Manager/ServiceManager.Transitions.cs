using NodeAgent.Contracts;
using NodeAgent.Services.Packages;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    /// <summary>Moves a service to <paramref name="state"/>; a change of state is an event (a change of detail alone is not).</summary>
    private void Transition(ManagedService service, ServiceState state, string detail, double? progress = null)
    {
        ServiceState old;
        lock (service.Sync)
        {
            old = service.State;
            service.Detail = detail;
            service.Progress = progress;
            if (old == state)
            {
                return;
            }
            service.State = state;
            service.Since = _time.GetUtcNow();
            var severity = state switch
            {
                ServiceState.Failed => EventSeverity.Error,
                ServiceState.Unhealthy or ServiceState.Shed => EventSeverity.Warning,
                _ => EventSeverity.Info,
            };
            // Leaving Unknown is the manager learning the state at start, not something that happened: no event.
            // Recorded under the lock so the log's order is the order of the transitions.
            if (old != ServiceState.Unknown)
            {
                _record("service." + ServiceStates.Name(state), severity, $"{service.Manifest.Id}: {ServiceStates.Name(old)} → {ServiceStates.Name(state)}: {detail}");
            }
        }
        ManagerLog.Transition(_logger, service.Manifest.Id, ServiceStates.Name(old), ServiceStates.Name(state), detail);
        if (old == ServiceState.Healthy || state == ServiceState.Healthy)
        {
            HealthChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Reads the service's state from dpkg and systemd, starts watching its unit, and probes it if it runs.</summary>
    private async Task RefreshAsync(ManagedService service, CancellationToken cancellationToken)
    {
        try
        {
            if (!await InstalledAsync(service, cancellationToken).ConfigureAwait(false))
            {
                StopProbe(service);
                Transition(service, ServiceState.NotInstalled, $"not installed (packages: {string.Join(", ", service.Manifest.Packages)})");
                return;
            }
            await WatchAsync(service, cancellationToken).ConfigureAwait(false);
            Apply(service, await _systemd!.GetUnitStateAsync(service.Manifest.Unit, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is AptException or SystemdException)
        {
            ManagerLog.Unreadable(_logger, service.Manifest.Id, e.Message);
            lock (service.Sync)
            {
                service.Detail = $"its state could not be read: {e.Message}";
            }
        }
    }

    private async Task<bool> InstalledAsync(ManagedService service, CancellationToken cancellationToken)
    {
        foreach (var package in service.Manifest.Packages)
        {
            if (!await _system.Dpkg.IsInstalledAsync(package, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Follows what systemd says about the unit: a running one is probed, a stopped or failed one is not.</summary>
    private void Apply(ManagedService service, UnitState unit)
    {
        var (state, detail) = UnitStates.Classify(unit);
        lock (service.Sync)
        {
            if (state == ServiceState.Stopped && service.State == ServiceState.Shed)
            {
                return; // stopped because the agent shed it: it stays shed until it is brought back
            }
        }
        if (state != ServiceState.Starting)
        {
            StopProbe(service);
            Transition(service, state, detail);
            if (state == ServiceState.Failed)
            {
                ScheduleBackoff(service, unit);
            }
            return;
        }
        lock (service.Sync)
        {
            if (ServiceStates.IsRunning(service.State) && service.Probe is not null)
            {
                return; // already running and probed: the probe decides healthy or unhealthy
            }
        }
        Transition(service, ServiceState.Starting, detail);
        StartProbe(service);
    }

    private void StartProbe(ManagedService service)
    {
        var probe = service.Manifest.Health;
        lock (service.Sync)
        {
            service.Probe?.Dispose();
            ProbeLoop? loop = null;
            loop = ProbeLoop.Start(probe, _system, _time,
                (healthy, detail) => OnProbe(service, loop!, healthy, detail),
                e => ManagerLog.ProbeCrashed(_logger, service.Manifest.Id, e));
            service.Probe = loop;
        }
    }

    private static void StopProbe(ManagedService service)
    {
        lock (service.Sync)
        {
            service.Probe?.Dispose();
            service.Probe = null;
            service.HealthySince = null;
        }
    }

    /// <summary>A probe's verdict counts only while it is the service's current probe and the unit runs.</summary>
    private void OnProbe(ManagedService service, ProbeLoop loop, bool healthy, string detail)
    {
        lock (service.Sync)
        {
            if (!ReferenceEquals(service.Probe, loop) || !ServiceStates.IsRunning(service.State))
            {
                return;
            }
        }
        DateTimeOffset? since;
        lock (service.Sync)
        {
            service.HealthySince = healthy ? service.HealthySince ?? _time.GetUtcNow() : null;
            since = service.HealthySince;
        }
        if (healthy)
        {
            CancelBackoff(service, healthy: true, since);
        }
        Transition(service, healthy ? ServiceState.Healthy : ServiceState.Unhealthy, detail);
    }
}
