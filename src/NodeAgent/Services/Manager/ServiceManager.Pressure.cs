using NodeAgent.Services.Pressure;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    private readonly Lock _shedderSync = new();
    private readonly SemaphoreSlim _shedding = new(1, 1);
    private PressureShedder? _shedder;

    /// <summary>Pressure thresholds; null: <see cref="ShedThresholds.For"/> the node's RAM (tests shorten the waits).</summary>
    public ShedThresholds? Thresholds { get; init; }

    /// <summary>Some service runs or is shed: only then is a resource sample worth a pressure evaluation.</summary>
    public bool HasWorkForShedder => _unavailable is null
        && _services.Values.Any(s => s.Snapshot().State is ServiceState.Shed || ServiceStates.IsRunning(s.Snapshot().State));

    /// <summary>
    /// Decides on one resource sample (<see cref="PressureShedder"/>) and carries out its actions: a shed service is
    /// stopped (left enabled) and marked shed with the reason, a restored one started as by the owner (limits, enable,
    /// start, probe). A service the owner is operating on is left alone this time. Overlapping calls are skipped.
    /// </summary>
    public async Task<ShedDecision?> EvaluatePressureAsync(PressureReading reading)
    {
        if (_unavailable is not null || !_shedding.Wait(0))
        {
            return null;
        }
        try
        {
            var thresholds = Thresholds ?? ShedThresholds.For(_node().TotalRamMb);
            var running = await SheddableAsync(reading, thresholds).ConfigureAwait(false);
            ShedDecision decision;
            lock (_shedderSync)
            {
                _shedder ??= new PressureShedder(thresholds);
                decision = _shedder.Evaluate(_time.GetUtcNow(), reading, running);
            }
            foreach (var action in decision.Actions)
            {
                await CarryOutAsync(action).ConfigureAwait(false);
            }
            return decision;
        }
        finally
        {
            _shedding.Release();
        }
    }

    private async Task CarryOutAsync(ShedAction action)
    {
        var service = _services[action.ServiceId];
        if (service.Busy || !await service.EnterAsync(TimeSpan.FromSeconds(10), _stopping.Token).ConfigureAwait(false))
        {
            ManagerLog.OperationFailed(_logger, action.ServiceId, action.Kind == ShedActionKind.Shed ? "shed" : "restore", "the owner is operating on it; left alone");
            return;
        }
        try
        {
            if (action.Kind == ShedActionKind.Shed)
            {
                StopProbe(service);
                // Not disabled: shedding is about now, and the node may well carry it after a reboot.
                await _systemd!.StopAsync(service.Manifest.Unit, _stopping.Token).ConfigureAwait(false);
                Transition(service, ServiceState.Shed, action.Reason);
            }
            else if (await StartUnitAsync(service, restart: false).ConfigureAwait(false) is { } failure)
            {
                ManagerLog.OperationFailed(_logger, action.ServiceId, "restore", failure);
            }
            else
            {
                lock (service.Sync)
                {
                    service.Detail = action.Reason;
                }
            }
        }
        catch (Systemd.SystemdException e)
        {
            ManagerLog.OperationFailed(_logger, action.ServiceId, action.Kind == ShedActionKind.Shed ? "shed" : "restore", e.Message);
        }
        finally
        {
            service.Gate.Release();
        }
    }

    /// <summary>
    /// The running services as the shedder weighs them. Their cgroup memory is asked of systemd only when the reading
    /// is near pressure (one call per running service); otherwise, and where systemd has no number, the requirement stands in.
    /// </summary>
    private async Task<List<SheddableService>> SheddableAsync(PressureReading reading, ShedThresholds thresholds)
    {
        var near = reading.AvailableMb < thresholds.FloorMb + thresholds.MarginMb
            || reading.SomeAvg10 >= thresholds.SomeAvg10Limit || reading.FullAvg10 >= thresholds.FullAvg10Limit;
        var result = new List<SheddableService>();
        foreach (var service in _services.Values.Where(s => ServiceStates.IsRunning(s.Snapshot().State)))
        {
            var m = service.Manifest;
            var used = m.Requirements.RamMb;
            try
            {
                if (near && (await _systemd!.GetUnitStateAsync(m.Unit, _stopping.Token).ConfigureAwait(false)).MemoryCurrentBytes is { } bytes)
                {
                    used = (int)Math.Min(int.MaxValue, bytes / (1024 * 1024));
                }
            }
            catch (Systemd.SystemdException e)
            {
                ManagerLog.Unreadable(_logger, m.Id, e.Message);
            }
            result.Add(new SheddableService(m.Id, m.Priority, used, m.Requirements.RamMb));
        }
        return result;
    }

    private void ForgetShed(string id)
    {
        lock (_shedderSync)
        {
            _shedder?.Forget(id);
        }
    }
}
