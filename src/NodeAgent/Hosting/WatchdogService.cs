using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace NodeAgent.Hosting;

/// <summary>
/// Pings systemd's watchdog (WatchdogSec=) at half the interval it asks for, but only while the
/// resource loop is alive: a wedged agent stops pinging and systemd restarts it.
/// Does nothing unless systemd set <c>WATCHDOG_USEC</c> for this process.
/// </summary>
internal sealed partial class WatchdogService(
    ISystemdNotifier notifier,
    ResourceMonitor monitor,
    NodeContext node,
    ILogger<WatchdogService> logger) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (WatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId) is not { } interval
            || !notifier.IsEnabled)
        {
            return;
        }
        // The resource loop proves liveness; allow it three periods (and at least the watchdog period) of slack.
        var stale = TimeSpan.FromTicks(Math.Max(node.Options.SampleInterval.Ticks * 3, interval.Ticks * 2));
        Log.Enabled(logger, interval.TotalSeconds);
        using var timer = new PeriodicTimer(interval, node.Time);
        do
        {
            if (monitor.SinceLastSample < stale)
            {
                notifier.Notify(Ping);
            }
            else
            {
                Log.Withheld(logger, monitor.SinceLastSample.TotalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Half of systemd's watchdog timeout, or null when the watchdog is not meant for this process.</summary>
    internal static TimeSpan? WatchdogInterval(string? usec, string? pid, int processId)
    {
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            return null;
        }
        // systemd sets WATCHDOG_PID so a child that inherits the environment does not ping for its parent.
        if (pid is not null && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target != processId))
        {
            return null;
        }
        return TimeSpan.FromTicks(microseconds * 10 / 2);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "systemd watchdog on: pinging every {Seconds} s")]
        public static partial void Enabled(ILogger logger, double seconds);

        [LoggerMessage(2, LogLevel.Error, "systemd watchdog ping withheld: the resource loop has not run for {Seconds} s")]
        public static partial void Withheld(ILogger logger, double seconds);
    }
}
