using NodeAgent.Contracts;
using NodeAgent.Services.Fit;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    /// <summary>
    /// Runs an operation on a service. Install returns <see cref="OperationOutcome.Accepted"/> at once and goes on in
    /// the background (follow the state and its progress); the others return when systemd (and apt) are done. A
    /// second operation on a service that is busy is refused, not queued. The caller's token only stops the wait for
    /// the gate, never an operation half-way: operations run to their end under the agent's own lifetime.
    /// </summary>
    /// <param name="id">Catalogue id.</param>
    /// <param name="operation">What to do.</param>
    /// <param name="force">Override a fit refusal (memory, disk, cores); the override is an event.</param>
    public async Task<OperationResult> RunAsync(string id, ServiceOperation operation, bool force = false)
    {
        if (!_services.TryGetValue(id, out var service))
        {
            return new(OperationOutcome.NotFound, $"there is no service '{id}' in the catalogue; known: {string.Join(", ", _services.Keys.Order(StringComparer.Ordinal))}", null);
        }
        if (_unavailable is { } why)
        {
            return new(OperationOutcome.Unavailable, why, service.Snapshot());
        }
        // An owner's operation holding the gate is a conflict; the agent's own short work (a unit signal being read) is waited for.
        if (service.Busy || !await service.EnterAsync(AgentWorkPatience, _stopping.Token).ConfigureAwait(false))
        {
            var busy = service.Snapshot();
            return new(OperationOutcome.Conflict, $"{id} is busy with another operation ({Describe(busy)}); wait for it to end", busy);
        }
        if (service.Busy)
        {
            service.Gate.Release();
            var busy = service.Snapshot();
            return new(OperationOutcome.Conflict, $"{id} is busy with another operation ({Describe(busy)}); wait for it to end", busy);
        }
        service.Operation = Verb(operation);
        var background = false;
        try
        {
            var before = service.Snapshot();
            if (Refusal(operation, before) is { } refusal)
            {
                return new(OperationOutcome.Conflict, refusal, before);
            }
            var starts = operation is ServiceOperation.Install or ServiceOperation.Start
                || (operation == ServiceOperation.Restart && !ServiceStates.IsRunning(before.State));
            if (starts && CheckFit(service, force) is { } refused)
            {
                return refused;
            }
            // The owner decides now: a restart the agent had scheduled after a start-limit hit is off.
            CancelBackoff(service, healthy: false);
            if (operation == ServiceOperation.Install)
            {
                Transition(service, ServiceState.Installing, $"installing {string.Join(", ", service.Manifest.Packages)}", 0);
                background = true;
                _ = Task.Run(() => InstallAsync(service));
                return new(OperationOutcome.Accepted, $"installing {id}; follow its state and progress", service.Snapshot());
            }
            var failure = operation switch
            {
                ServiceOperation.Start => await StartUnitAsync(service, restart: false).ConfigureAwait(false),
                ServiceOperation.Restart => await StartUnitAsync(service, restart: true).ConfigureAwait(false),
                ServiceOperation.Stop => await StopUnitAsync(service).ConfigureAwait(false),
                _ => await RemoveAsync(service).ConfigureAwait(false),
            };
            // The owner decided about this service: the shedder no longer brings it back or counts it as shed.
            ForgetShed(id);
            if (failure is not null)
            {
                ManagerLog.OperationFailed(_logger, id, Verb(operation), failure);
                return new(OperationOutcome.Failed, failure, service.Snapshot());
            }
            return new(OperationOutcome.Done, $"{Verb(operation)} {id}: {ServiceStates.Name(service.Snapshot().State)}", service.Snapshot());
        }
        finally
        {
            if (!background)
            {
                service.Operation = null;
                service.Gate.Release();
            }
        }
    }

    /// <summary>How long an owner's request waits for the agent's own short work on the service before it is refused as busy.</summary>
    private static readonly TimeSpan AgentWorkPatience = TimeSpan.FromSeconds(10);

    /// <summary>Why <paramref name="operation"/> makes no sense in the service's state; null when it does.</summary>
    internal static string? Refusal(ServiceOperation operation, ServiceSnapshot service)
    {
        var id = service.Id;
        var state = ServiceStates.Name(service.State);
        return operation switch
        {
            ServiceOperation.Install when service.State != ServiceState.NotInstalled =>
                $"{id} is installed already ({state}); remove it first to reinstall",
            _ when operation != ServiceOperation.Install && service.State == ServiceState.NotInstalled =>
                $"{id} is not installed; install it first (`nodeagent services install {id}`)",
            ServiceOperation.Start when ServiceStates.IsRunning(service.State) =>
                $"{id} runs already ({state}); use restart to start it anew",
            ServiceOperation.Stop when !ServiceStates.IsRunning(service.State) && service.State != ServiceState.Failed =>
                $"{id} is not running ({state}); nothing to stop",
            _ when service.State == ServiceState.Unknown =>
                $"the state of {id} is unknown ({service.Detail}); nothing was done",
            _ => null,
        };
    }

    /// <summary>Null when the service may run; else the refusal. A forced run past a refusal is logged and recorded.</summary>
    private OperationResult? CheckFit(ManagedService service, bool force)
    {
        var verdict = Fit(service.Manifest, force);
        if (!verdict.MayRun)
        {
            var hint = verdict.Problems.All(p => p.Overridable) ? " (the owner may override with force)" : "";
            return new(OperationOutcome.DoesNotFit, verdict.Summary + hint, service.Snapshot());
        }
        if (verdict.Outcome == FitOutcome.AllowedByOverride)
        {
            ManagerLog.FitOverridden(_logger, service.Manifest.Id, verdict.Summary);
            _record("service.fit-overridden", EventSeverity.Warning, verdict.Summary);
        }
        return null;
    }

    private static string Verb(ServiceOperation operation) => operation switch
    {
        ServiceOperation.Install => "install",
        ServiceOperation.Start => "start",
        ServiceOperation.Stop => "stop",
        ServiceOperation.Restart => "restart",
        _ => "remove",
    };

    private static string Describe(ServiceSnapshot service) => service.ProgressPercent is { } p
        ? $"{ServiceStates.Name(service.State)} {p:0} %"
        : ServiceStates.Name(service.State);
}
