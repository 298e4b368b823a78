namespace NodeAgent.Hosting;

/// <summary>
/// Gives start-up's garbage back to the system once the agent has settled. Building the host, reading the
/// configuration, the catalogue and the board, and the first samples leave the garbage collector holding about
/// 8 MB committed for 3 MB live, and at idle the agent allocates too little for the collector ever to shrink it:
/// measured 2026-11-27, RssAnon stayed at 15.5 MB for good. One aggressive, compacting collection a few seconds
/// after start (a few milliseconds, once) returns it: RssAnon 11.3 MB two minutes later. On a 512 MB board that is
/// the hosted services' memory, not the agent's.
/// </summary>
internal sealed partial class StartupMemory(TimeProvider time, ILogger<StartupMemory> logger) : BackgroundService
{
    /// <summary>
    /// Long enough for start-up's bursts (the first reconcile, discovery's first publish, the first samples) to
    /// be over; short enough that the node's owner never sees the agent's start-up size.
    /// </summary>
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(SettleDelay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = time.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Log.Released(logger, before / 1024, GC.GetGCMemoryInfo().TotalCommittedBytes / 1024, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "memory: start-up garbage given back: the managed heap holds {BeforeKiB} KiB committed before, {AfterKiB} KiB after ({Milliseconds:0.0} ms)")]
        public static partial void Released(ILogger logger, long beforeKiB, long afterKiB, double milliseconds);
    }
}
