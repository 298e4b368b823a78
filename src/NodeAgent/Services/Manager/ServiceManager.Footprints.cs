namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    private int _measuring;

    /// <summary>
    /// Where each running service's measured footprint goes (history, fit check); null: not measured, and the fit
    /// check counts running services at their manifest requirement.
    /// </summary>
    internal ServiceFootprints? Footprints { get; init; }

    /// <summary>
    /// Asks systemd for each running service's cgroup memory and CPU time (two properties per service) and records
    /// them; services that do not run are marked stopped. One pass at a time: a pass that finds one running is skipped.
    /// </summary>
    internal async Task MeasureFootprintsAsync()
    {
        if (Footprints is not { } footprints || _systemd is not { } systemd || _unavailable is not null
            || Interlocked.Exchange(ref _measuring, 1) == 1)
        {
            return;
        }
        try
        {
            foreach (var service in _services.Values)
            {
                var id = service.Manifest.Id;
                if (!ServiceStates.IsRunning(service.Snapshot().State))
                {
                    footprints.Stopped(id);
                    continue;
                }
                try
                {
                    var usage = await systemd.GetUsageAsync(service.Manifest.Unit, _stopping.Token).ConfigureAwait(false);
                    footprints.Measured(id, usage.MemoryCurrentBytes, usage.CpuUsageNanoseconds);
                }
                catch (Systemd.SystemdException e)
                {
                    ManagerLog.Unreadable(_logger, id, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The agent stops.
        }
        finally
        {
            Volatile.Write(ref _measuring, 0);
        }
    }
}
