using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    /// <summary>
    /// One D-Bus match per installed unit: systemd tells when it starts, stops or fails (no polling).
    /// </summary>
    private async Task WatchAsync(ManagedService service, CancellationToken cancellationToken)
    {
        lock (service.Sync)
        {
            if (service.Watch is not null)
            {
                return;
            }
        }
        var watch = await _systemd!.WatchActiveStateAsync(service.Manifest.Unit, activeState =>
        {
            // Signals coalesce: one reconciliation pending at a time reads the latest state.
            if (Interlocked.Exchange(ref service.ReconcilePending, 1) == 0)
            {
                _ = Task.Run(() => ReconcileAsync(service));
            }
        }, cancellationToken).ConfigureAwait(false);
        lock (service.Sync)
        {
            if (service.Watch is null)
            {
                service.Watch = watch;
                return;
            }
        }
        watch.Dispose();
    }

    private static void Unwatch(ManagedService service)
    {
        lock (service.Sync)
        {
            service.Watch?.Dispose();
            service.Watch = null;
        }
    }

    /// <summary>
    /// Applies the unit's state after a signal. It waits for a running operation to end (which decides the state
    /// itself) and reads the state only then, so a change that came during the operation is not lost.
    /// </summary>
    private async Task ReconcileAsync(ManagedService service)
    {
        try
        {
            await service.Gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            Interlocked.Exchange(ref service.ReconcilePending, 0);
            var unit = await _systemd!.GetUnitStateAsync(service.Manifest.Unit, _stopping.Token).ConfigureAwait(false);
            Apply(service, unit);
        }
        catch (SystemdException e)
        {
            ManagerLog.Unreadable(_logger, service.Manifest.Id, e.Message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The agent stops.
        }
        finally
        {
            service.Gate.Release();
        }
    }
}
