using NodeAgent.Hosting;
using NodeAgent.Resources;

namespace NodeAgent.Services.Manager;

/// <summary>
/// What each running service really uses: its cgroup's memory and CPU, measured by the manager while it runs
/// (<see cref="ServiceManager.MeasureFootprintsAsync"/>), written into the resource history with the node's own
/// metrics (<c>service.ID.memory</c> in bytes, <c>service.ID.cpu</c> in percent of one core), and its recent peak for
/// the fit check: the highest minute of the last day, read back from the history, so an agent restart does not forget
/// what a service was seen to use.
/// </summary>
/// <param name="historyPeak">The highest value of a history metric since a time (unix seconds); null when it has none.</param>
/// <param name="time">The agent's clock.</param>
internal sealed class ServiceFootprints(Func<string, long, double?> historyPeak, TimeProvider time) : IHistorySource
{
    /// <summary>How far back the peak reaches.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>How often the peak is read back from the history (it only drops old minutes; new ones are seen as measured).</summary>
    public static readonly TimeSpan PeakRefresh = TimeSpan.FromHours(1);

    private const double Mebibyte = 1024 * 1024;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Footprint> _services = new(StringComparer.Ordinal);

    /// <summary>The history metric holding a service's memory, bytes.</summary>
    public static string MemoryMetric(string id) => ResourceMetrics.ServiceMemory(id);

    /// <summary>The history metric holding a service's CPU use, percent of one core.</summary>
    public static string CpuMetric(string id) => ResourceMetrics.ServiceCpu(id);

    /// <summary>Records one measurement of a running service; CPU is the time used since the previous one.</summary>
    public void Measured(string id, ulong? memoryBytes, ulong? cpuNanoseconds)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var footprint = Get(id);
            footprint.CpuPercent = cpuNanoseconds is { } cpu && footprint.CpuNanoseconds is { } before && footprint.CpuAt is { } then && cpu >= before
                ? Math.Round((cpu - before) / time.GetElapsedTime(then, now).TotalMilliseconds / 1e4, 2)
                : null;
            footprint.CpuNanoseconds = cpuNanoseconds;
            footprint.CpuAt = cpuNanoseconds is null ? null : now;
            footprint.MemoryBytes = memoryBytes;
            if (memoryBytes is { } bytes && bytes > (footprint.PeakBytes ?? 0))
            {
                footprint.PeakBytes = bytes;
            }
        }
    }

    /// <summary>The service stopped: nothing more goes into the history until it runs again; its peak is kept.</summary>
    public void Stopped(string id)
    {
        lock (_lock)
        {
            if (_services.TryGetValue(id, out var footprint))
            {
                footprint.MemoryBytes = null;
                footprint.CpuNanoseconds = null;
                footprint.CpuAt = null;
                footprint.CpuPercent = null;
            }
        }
    }

    /// <summary>The service's memory now, MiB; null when not measured (not running, or systemd has no number).</summary>
    public int? CurrentMb(string id)
    {
        lock (_lock)
        {
            return _services.TryGetValue(id, out var footprint) && footprint.MemoryBytes is { } bytes ? Mb(bytes) : null;
        }
    }

    /// <summary>The highest memory the service was seen to use in the last day, MiB; null when it never was measured.</summary>
    public int? PeakMb(string id)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var footprint = Get(id);
            if (footprint.PeakReadAt is not { } read || time.GetElapsedTime(read, now) >= PeakRefresh)
            {
                // From the history (minute averages of the last day), joined by the measurement of now.
                var since = (time.GetUtcNow() - Window).ToUnixTimeSeconds();
                var stored = historyPeak(MemoryMetric(id), since);
                footprint.PeakBytes = Math.Max(stored is { } s ? (ulong)Math.Max(0, s) : 0, footprint.MemoryBytes ?? 0) is var peak && peak > 0 ? peak : null;
                footprint.PeakReadAt = now;
            }
            return footprint.PeakBytes is { } bytes ? Mb(bytes) : null;
        }
    }

    /// <inheritdoc />
    public void AddTo(Dictionary<string, double> values)
    {
        lock (_lock)
        {
            foreach (var (id, footprint) in _services)
            {
                if (footprint.MemoryBytes is { } bytes)
                {
                    values[MemoryMetric(id)] = bytes;
                }
                if (footprint.CpuPercent is { } cpu)
                {
                    values[CpuMetric(id)] = cpu;
                }
            }
        }
    }

    /// <summary>The service's CPU use over the last measuring interval, percent of one core; null when not measured.</summary>
    public double? CpuPercent(string id)
    {
        lock (_lock)
        {
            return _services.TryGetValue(id, out var footprint) ? footprint.CpuPercent : null;
        }
    }

    private Footprint Get(string id)
    {
        if (!_services.TryGetValue(id, out var footprint))
        {
            footprint = new Footprint();
            _services[id] = footprint;
        }
        return footprint;
    }

    private static int Mb(ulong bytes) => (int)Math.Min(int.MaxValue, Math.Ceiling(bytes / Mebibyte));

    private sealed class Footprint
    {
        public ulong? MemoryBytes { get; set; }

        public ulong? CpuNanoseconds { get; set; }

        public long? CpuAt { get; set; }

        public double? CpuPercent { get; set; }

        public ulong? PeakBytes { get; set; }

        public long? PeakReadAt { get; set; }
    }
}
