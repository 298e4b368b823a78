using NodeAgent.Contracts;
using NodeAgent.Services.Limits;
using NodeAgent.Services.Packages;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    /// <summary>apt install with progress, then limits and enable; ends stopped (or running, if the package started it). Releases the gate.</summary>
    private async Task InstallAsync(ManagedService service)
    {
        var token = _stopping.Token;
        var id = service.Manifest.Id;
        try
        {
            var progress = new InlineProgress<AptProgress>(p => Transition(service, ServiceState.Installing, p.Message, Math.Round(p.OverallPercent, 1)));
            await _system.Apt.InstallAsync(service.Manifest.Packages, progress, token).ConfigureAwait(false);
            if (service.Manifest.SystemUser is { } user)
            {
                await _system.Apt.EnsureUserAsync(user, id, token).ConfigureAwait(false);
            }
            // Debian starts many services as it installs them: the limits must be in place before they matter.
            await _systemd!.WriteDropInAsync(service.Manifest.Unit, LimitsDropIn.For(service.Manifest), token).ConfigureAwait(false);
            await _systemd.EnableAsync(service.Manifest.Unit, token).ConfigureAwait(false);
            await WatchAsync(service, token).ConfigureAwait(false);
            Apply(service, await _systemd.GetUnitStateAsync(service.Manifest.Unit, token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is AptException or SystemdException or OperationCanceledException)
        {
            var reason = e is OperationCanceledException ? "the agent stopped during the install" : e.Message;
            ManagerLog.OperationFailed(_logger, id, "install", reason);
            _record("service.install-failed", EventSeverity.Error, $"{id}: install failed: {reason}");
            // apt may have got part of the way (one of several packages): what dpkg says now is the state.
            await RefreshAsync(service, CancellationToken.None).ConfigureAwait(false);
            lock (service.Sync)
            {
                service.Detail = $"the last install failed: {reason}";
                service.Progress = null;
            }
        }
        finally
        {
            service.Operation = null;
            service.Gate.Release();
        }
    }

    /// <summary>Limits drop-in, enable, start (or restart) job, then the probe decides. Null on success, else why not.</summary>
    private async Task<string?> StartUnitAsync(ManagedService service, bool restart)
    {
        var unit = service.Manifest.Unit;
        var token = _stopping.Token;
        try
        {
            if (service.Manifest.SystemUser is { } user)
            {
                // Installed before the agent made users, or by hand: the unit cannot start without it.
                await _system.Apt.EnsureUserAsync(user, service.Manifest.Id, token).ConfigureAwait(false);
            }
            await _systemd!.WriteDropInAsync(unit, LimitsDropIn.For(service.Manifest), token).ConfigureAwait(false);
            await _systemd.EnableAsync(unit, token).ConfigureAwait(false);
            StopProbe(service);
            var job = restart
                ? await _systemd.RestartAsync(unit, token).ConfigureAwait(false)
                : await _systemd.StartAsync(unit, token).ConfigureAwait(false);
            var state = await _systemd.GetUnitStateAsync(unit, token).ConfigureAwait(false);
            if (job != JobResult.Done)
            {
                var (_, detail) = UnitStates.Classify(state);
                Transition(service, ServiceState.Failed, $"the {(restart ? "restart" : "start")} job ended '{job.ToString().ToLowerInvariant()}': {detail}");
                return $"systemd could not {(restart ? "restart" : "start")} {unit}: {detail}; see `journalctl -u {unit}`";
            }
            Apply(service, state);
            return null;
        }
        catch (Exception e) when (e is SystemdException or AptException)
        {
            await RefreshAsync(service, CancellationToken.None).ConfigureAwait(false);
            return e.Message;
        }
    }

    /// <summary>Stops the probe and the unit (forgetting a failure), disables it. Null on success, else why not.</summary>
    private async Task<string?> StopUnitAsync(ManagedService service)
    {
        var unit = service.Manifest.Unit;
        var token = _stopping.Token;
        StopProbe(service);
        try
        {
            var job = await _systemd!.StopAsync(unit, token).ConfigureAwait(false);
            await _systemd.DisableAsync(unit, token).ConfigureAwait(false);
            var state = await _systemd.GetUnitStateAsync(unit, token).ConfigureAwait(false);
            if (job == JobResult.Done && state.ActiveState == "failed")
            {
                // A failed unit stays "failed" after a stop; the owner stopped it, so its failure is forgotten.
                await _systemd.ResetFailedAsync(unit, token).ConfigureAwait(false);
                state = await _systemd.GetUnitStateAsync(unit, token).ConfigureAwait(false);
            }
            if (job != JobResult.Done)
            {
                Apply(service, state);
                return $"systemd could not stop {unit} (job {job.ToString().ToLowerInvariant()}): {UnitStates.Classify(state).Detail}";
            }
            // A unit that failed while stopping is reported as failed; otherwise it is stopped because the owner said so.
            var (after, detail) = UnitStates.Classify(state);
            Transition(service, after == ServiceState.Failed ? after : ServiceState.Stopped, after == ServiceState.Failed ? detail : "stopped by the owner");
            return null;
        }
        catch (SystemdException e)
        {
            await RefreshAsync(service, CancellationToken.None).ConfigureAwait(false);
            return e.Message;
        }
    }

    /// <summary>Stops and disables the unit, removes the agent's drop-in, then apt remove. Null on success, else why not.</summary>
    private async Task<string?> RemoveAsync(ManagedService service)
    {
        var unit = service.Manifest.Unit;
        var token = _stopping.Token;
        StopProbe(service);
        try
        {
            if (ServiceStates.IsRunning(service.Snapshot().State) && await StopUnitAsync(service).ConfigureAwait(false) is { } stopFailed)
            {
                return stopFailed;
            }
            Unwatch(service);
            var state = await _systemd!.GetUnitStateAsync(unit, token).ConfigureAwait(false);
            if (state.Exists)
            {
                await _systemd.DisableAsync(unit, token).ConfigureAwait(false);
            }
            await _systemd.RemoveDropInAsync(unit, token).ConfigureAwait(false);
            await _system.Apt.RemoveAsync(service.Manifest.Packages, null, token).ConfigureAwait(false);
            Transition(service, ServiceState.NotInstalled, $"removed (configuration files kept: {string.Join(", ", service.Manifest.Packages)})");
            return null;
        }
        catch (Exception e) when (e is AptException or SystemdException)
        {
            await RefreshAsync(service, CancellationToken.None).ConfigureAwait(false);
            return $"remove of {service.Manifest.Id} failed: {e.Message}";
        }
    }

    /// <summary>Reports on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
