using NodeAgent.Services.Limits;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    /// <summary>How long to wait after the start limit was hit that many times in a row; tests shorten it.</summary>
    public Func<int, TimeSpan> BackoffDelay { get; init; } = RestartBackoff.DelayAfter;

    /// <summary>
    /// systemd 252 restarts a crashing unit <see cref="RestartBackoff.Burst"/> times, then leaves it failed. (Its
    /// <c>Result</c> keeps the first cause, e.g. <c>exit-code</c>, not <c>start-limit-hit</c>: a unit in
    /// <c>failed</c> rather than <c>auto-restart</c> is one systemd gave up on.) The agent then waits (1, 2, 4 …
    /// minutes, see <see cref="RestartBackoff"/>), resets the unit and starts it once more, one pending delay per unit.
    /// The count starts again when the service is healthy; any operation of the owner cancels the wait.
    /// </summary>
    private static string BackoffNote(TimeSpan left, int hits) =>
        $"; the agent starts it again in {Math.Max(0, Math.Ceiling(left.TotalSeconds))} s (systemd gave up {hits} times in a row)";

    private void ScheduleBackoff(ManagedService service, UnitState unit)
    {
        if (unit.ActiveState != "failed")
        {
            return;
        }
        if (unit.Restart == "no")
        {
            // The agent's drop-in says on-failure; "no" after every drop-in is the owner's choice (a later drop-in such
            // as 90-local.conf), and the agent's backoff only continues systemd's own restarts: it leaves the unit failed.
            lock (service.Sync)
            {
                service.Detail += "; Restart=no (the unit's own setting): the agent does not start it again";
            }
            return;
        }
        TimeSpan delay;
        CancellationToken token;
        lock (service.Sync)
        {
            if (service.Backoff is not null)
            {
                // systemd said "failed" again (a property read after an operation, say): the note stays with the state.
                service.Detail += BackoffNote(service.BackoffDue - _time.GetUtcNow(), service.BackoffHits);
                return;
            }
            service.BackoffHits++;
            service.HealthySince = null;
            delay = BackoffDelay(service.BackoffHits);
            service.Backoff = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            service.BackoffDue = _time.GetUtcNow() + delay;
            token = service.Backoff.Token;
            service.Detail += BackoffNote(delay, service.BackoffHits);
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (service.Sync)
            {
                service.Backoff?.Dispose();
                service.Backoff = null;
            }
            if (service.Busy || !await service.EnterAsync(TimeSpan.FromSeconds(10), _stopping.Token).ConfigureAwait(false))
            {
                return; // the owner acts: the owner decides
            }
            if (service.Busy || service.Snapshot().State != ServiceState.Failed)
            {
                service.Gate.Release();
                return; // it came back, or the owner acted meanwhile
            }
            try
            {
                _record("service.backoff-restart", Contracts.EventSeverity.Info,
                    $"{service.Manifest.Id}: starting {service.Manifest.Unit} again after {delay.TotalSeconds:0.#} s (systemd gave up {service.BackoffHits} times in a row)");
                await _systemd!.ResetFailedAsync(service.Manifest.Unit, _stopping.Token).ConfigureAwait(false);
                if (await StartUnitAsync(service, restart: false).ConfigureAwait(false) is { } failure)
                {
                    ManagerLog.OperationFailed(_logger, service.Manifest.Id, "restart after backoff", failure);
                }
            }
            catch (SystemdException e)
            {
                ManagerLog.OperationFailed(_logger, service.Manifest.Id, "restart after backoff", e.Message);
            }
            finally
            {
                service.Gate.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// A service must stay healthy this long before its give-ups stop counting: a crashing unit whose probe passes
    /// in the moment it is up would otherwise never back off further.
    /// </summary>
    public static readonly TimeSpan StableFor = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The owner acted, or the service answers healthy: no pending restart. With <paramref name="stableSince"/>
    /// (healthy since then), the count starts over once that is <see cref="StableFor"/> ago.
    /// </summary>
    private void CancelBackoff(ManagedService service, bool healthy, DateTimeOffset? stableSince = null)
    {
        lock (service.Sync)
        {
            service.Backoff?.Cancel();
            service.Backoff?.Dispose();
            service.Backoff = null;
            if (healthy && stableSince is { } since && _time.GetUtcNow() - since >= StableFor)
            {
                service.BackoffHits = 0;
            }
        }
    }
}
