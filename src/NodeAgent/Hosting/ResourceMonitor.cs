using NodeAgent.Contracts;
using NodeAgent.Resources;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// Samples resources on a fixed period, keeps the latest snapshot for the API (requests never sample),
/// feeds the history buffer and flushes it to flash every flush interval and at shutdown.
/// One timer, one thread at a time: nothing else wakes up at idle.
/// </summary>
internal sealed partial class ResourceMonitor(
    IResourceSampler sampler,
    HistoryRecorder history,
    IEnumerable<IHistorySource> sources,
    NodeContext node,
    ILogger<ResourceMonitor> logger) : BackgroundService
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly IHistorySource[] _sources = [.. sources];

    // The sampler reuses one draft and its parsers' state: two samples at once would mix their halves (a snapshot
    // without its filesystems, read by the fit check as "0 MB free"). The first request and the loop's first sample
    // race at start-up, so every sample is taken under this lock.
    private readonly Lock _sampling = new();
    private ResourceSnapshot? _latest;
    private long _lastSampleTimestamp = node.Time.GetTimestamp();

    /// <summary>The most recent sample; a caller that comes before the first one takes it, or waits for the one being taken.</summary>
    public ResourceSnapshot Latest => Volatile.Read(ref _latest) ?? SampleFirst();

    /// <summary>How long ago the last sample was taken: the sampler's liveness, for health and the watchdog.</summary>
    public TimeSpan SinceLastSample => node.Time.GetElapsedTime(Interlocked.Read(ref _lastSampleTimestamp));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the API is listening while the first sample is taken
        // (a request that comes first samples on its own, see Latest).
        await Task.Yield();
        SampleNow();
        var interval = node.Options.SampleInterval;
        var flushEvery = Math.Max(1, (int)(node.Options.HistoryFlushInterval / interval));
        using var timer = new PeriodicTimer(interval, node.Time);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                SampleNow();
                // Resource facts (disk, temperature, undervoltage) and this loop's liveness only change here.
                node.Changes.Raise();
                if (++ticks % flushEvery == 0)
                {
                    history.Flush(node.Time.GetUtcNow().ToUnixTimeSeconds());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!history.Flush(node.Time.GetUtcNow().ToUnixTimeSeconds(), final: true))
        {
            Log.FinalFlushFailed(logger);
        }
    }

    private ResourceSnapshot SampleFirst()
    {
        lock (_sampling)
        {
            return Volatile.Read(ref _latest) ?? SampleNow();
        }
    }

    private ResourceSnapshot SampleNow()
    {
        lock (_sampling)
        {
            var snapshot = sampler.Sample();
            _values.Clear();
            ResourceMetrics.Extract(snapshot, _values);
            foreach (var source in _sources)
            {
                source.AddTo(_values);
            }
            history.Record(snapshot.Timestamp.ToUnixTimeSeconds(), _values);
            Volatile.Write(ref _latest, snapshot);
            Interlocked.Exchange(ref _lastSampleTimestamp, node.Time.GetTimestamp());
            return snapshot;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Resource history of the last minutes could not be written at shutdown")]
        public static partial void FinalFlushFailed(ILogger logger);
    }
}
