namespace NodeAgent.Hosting;

/// <summary>
/// Gives the garbage collector's spare memory back to the system after start-up and after bursts of work.
/// </summary>
/// <remarks>
/// The workstation collector keeps what it has committed: at idle the agent allocates too little for it ever to
/// shrink again. Measured 2026-11-27 on linux-x64 with the unit's <c>DOTNET_GCgen0size</c>:
/// <list type="bullet">
/// <item>start-up (host, configuration, catalogue, board, first samples) left 7.9 MB committed for 3 MB live, and
/// RssAnon at 15.5 MB for good; one aggressive collection after it brings them to 3.5 and 11.3 MB;</item>
/// <item>ten seconds of requests at full speed (an owner's browser, a scraper gone wild) left 11 MB committed for
/// 4.5 MB live, and RssAnon 18.7 MB three minutes later.</item>
/// </list>
/// On a 512 MB board that memory belongs to the hosted services. So: one aggressive, compacting collection once
/// start-up has settled, then a look every <see cref="CheckEvery"/> (one call, no allocation) that collects again
/// only when the memory committed beyond the heap has grown by more than <see cref="SlackBytes"/> since the last
/// collection. Each collection takes a few ms.
/// </remarks>
internal sealed partial class HeapTrim(TimeProvider time, ILogger<HeapTrim> logger) : BackgroundService
{
    /// <summary>
    /// Long enough for start-up's bursts (the first reconcile, discovery's first publish, the first samples) to be
    /// over; short enough that the node's owner never sees the agent at its start-up size.
    /// </summary>
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(10);

    /// <summary>How often the spare memory is looked at after start-up.</summary>
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Committed memory beyond the heap that is worth a full collection. At idle the gap stays under 1 MB (a gen0
    /// budget of 1 MB, as the unit sets); a burst leaves 6 MB and more.
    /// </summary>
    internal const long SlackBytes = 4L * 1024 * 1024;

    /// <summary>What the last collection here left committed beyond the heap.</summary>
    private long _slackLeft;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(SettleDelay, time, stoppingToken).ConfigureAwait(false);
            Collect("start-up");
            using var timer = new PeriodicTimer(CheckEvery, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (HasGrown(Slack(GC.GetGCMemoryInfo()), _slackLeft))
                {
                    Collect("a burst");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// True when the memory committed beyond the heap has grown by more than <see cref="SlackBytes"/> since the last
    /// collection here left it at <paramref name="slackLeft"/>: what a collection cannot give back (fragmentation
    /// around pinned buffers, say) must not buy a full collection every <see cref="CheckEvery"/>.
    /// </summary>
    internal static bool HasGrown(long slack, long slackLeft) => slack - slackLeft > SlackBytes;

    private static long Slack(GCMemoryInfo info) => Math.Max(0, info.TotalCommittedBytes - info.HeapSizeBytes);

    private void Collect(string after)
    {
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = time.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var left = GC.GetGCMemoryInfo();
        _slackLeft = Slack(left);
        Log.Collected(logger, after, before / 1024, left.TotalCommittedBytes / 1024, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "memory: spare heap given back after {After}: {BeforeKiB} KiB committed at the collection before, {AfterKiB} KiB after ({Milliseconds:0.0} ms)")]
        public static partial void Collected(ILogger logger, string after, long beforeKiB, long afterKiB, double milliseconds);
    }
}
