using NodeAgent.Resources;

namespace NodeAgent.Storage;

/// <summary>
/// Buffers resource samples in memory and averages them into minute and quarter-hour buckets.
/// Closed buckets wait in memory until <see cref="Flush"/> writes them in one batch: flash is written
/// every few minutes, not every sample. A power cut loses at most one flush interval of history.
/// </summary>
internal sealed partial class HistoryRecorder(HistoryStore store, ILogger<HistoryRecorder> logger)
{
    // If flash stays unwritable, keep at most a day of fine buckets in memory, then drop the oldest.
    private const int MaxPendingFine = 1440;

    private readonly Lock _lock = new();
    private readonly BucketAccumulator _minute = new(HistoryResolution.Fine);
    private readonly BucketAccumulator _quarter = new(HistoryResolution.Coarse);
    private readonly List<HistoryPoint> _pendingFine = [];
    private readonly List<HistoryPoint> _pendingCoarse = [];
    private long _flushErrors;

    /// <summary>Flushes that failed since start.</summary>
    public long FlushErrors => Interlocked.Read(ref _flushErrors);

    /// <summary>Adds one sample taken at <paramref name="unixSeconds"/>.</summary>
    public void Record(long unixSeconds, IReadOnlyDictionary<string, double> values)
    {
        lock (_lock)
        {
            if (_minute.Add(unixSeconds, values) is { } closedMinute)
            {
                _pendingFine.Add(closedMinute);
                if (_pendingFine.Count > MaxPendingFine)
                {
                    _pendingFine.RemoveAt(0);
                }
                if (_quarter.Add(closedMinute.Start, closedMinute.Values) is { } closedQuarter)
                {
                    _pendingCoarse.Add(closedQuarter);
                }
            }
        }
    }

    /// <summary>
    /// Writes the closed buckets. With <paramref name="final"/> (shutdown) the open minute is closed and
    /// written too. Returns false, keeping the buckets for the next try, when the store cannot be written.
    /// </summary>
    public bool Flush(long nowUnixSeconds, bool final = false)
    {
        HistoryPoint[] fine, coarse;
        lock (_lock)
        {
            if (final && _minute.Close() is { } open)
            {
                _pendingFine.Add(open);
            }
            if (_pendingFine.Count == 0 && _pendingCoarse.Count == 0)
            {
                return true;
            }
            fine = [.. _pendingFine];
            coarse = [.. _pendingCoarse];
        }
        try
        {
            store.Append(fine, coarse, nowUnixSeconds);
        }
        catch (StoreException e)
        {
            Interlocked.Increment(ref _flushErrors);
            Log.FlushFailed(logger, fine.Length, e.Message);
            return false;
        }
        lock (_lock)
        {
            // Samples recorded meanwhile were appended after the ones just written.
            _pendingFine.RemoveRange(0, Math.Min(fine.Length, _pendingFine.Count));
            _pendingCoarse.RemoveRange(0, Math.Min(coarse.Length, _pendingCoarse.Count));
        }
        return true;
    }

    /// <summary>Points of <paramref name="metric"/> since a time: what is on flash, then what still waits in memory.</summary>
    public IReadOnlyList<(long Time, double Value)> Query(HistoryResolution resolution, string metric, long sinceUnixSeconds)
    {
        var points = new List<(long Time, double Value)>();
        store.Read(resolution, metric, sinceUnixSeconds, points);
        lock (_lock)
        {
            var pending = resolution == HistoryResolution.Fine ? _pendingFine : _pendingCoarse;
            var last = points.Count > 0 ? points[^1].Time : long.MinValue;
            foreach (var p in pending)
            {
                if (p.Start >= sinceUnixSeconds && p.Start > last && p.Values.TryGetValue(metric, out var v))
                {
                    points.Add((p.Start, v));
                }
            }
        }
        return points;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Resource history not written ({Buckets} minutes kept in memory for the next try): {Reason}")]
        public static partial void FlushFailed(ILogger logger, int buckets, string reason);
    }
}
