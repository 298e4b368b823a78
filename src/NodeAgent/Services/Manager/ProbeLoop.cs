using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Manager;

/// <summary>
/// Probes one running service until disposed: one pending delay at a time, nothing when the service does not run.
/// A passing check reports healthy at once; failures count only after the grace period, and only
/// <see cref="HealthProbe.Failures"/> in a row report unhealthy.
/// </summary>
/// <remarks>
/// During the grace period, until the first check passes, it probes every second (or the interval, if shorter): a
/// service that comes up in 300 ms is shown healthy then, not after a 30 s interval, and those few extra wake-ups end
/// with the grace period.
/// </remarks>
internal sealed class ProbeLoop : IDisposable
{
    private static readonly TimeSpan StartingPeriod = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();

    private ProbeLoop()
    {
    }

    /// <summary>Starts probing; <paramref name="report"/> gets (healthy, detail) after every check that decides something.</summary>
    public static ProbeLoop Start(HealthProbe probe, ManagedSystem system, TimeProvider time, Action<bool, string> report, Action<Exception> crashed)
    {
        var loop = new ProbeLoop();
        _ = Task.Run(async () =>
        {
            try
            {
                await loop.RunAsync(probe, system, time, report).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (loop._stop.IsCancellationRequested)
            {
                // Disposed: the service stopped or the agent stops.
            }
            catch (Exception e)
            {
                crashed(e);
            }
        });
        return loop;
    }

    private async Task RunAsync(HealthProbe probe, ManagedSystem system, TimeProvider time, Action<bool, string> report)
    {
        var token = _stop.Token;
        var started = time.GetTimestamp();
        var failures = 0;
        var passedOnce = false;
        while (!token.IsCancellationRequested)
        {
            var result = await ProbeCheck.RunAsync(probe, system, token).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
            var inGrace = time.GetElapsedTime(started) < probe.Grace;
            if (result.Passed)
            {
                failures = 0;
                passedOnce = true;
                report(true, result.Detail);
            }
            else if (!inGrace && ++failures >= probe.Failures)
            {
                report(false, failures == 1 ? result.Detail : $"{result.Detail} ({failures} failed checks in a row)");
            }
            var delay = inGrace && !passedOnce && probe.Interval > StartingPeriod ? StartingPeriod : probe.Interval;
            await Task.Delay(delay, time, token).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
