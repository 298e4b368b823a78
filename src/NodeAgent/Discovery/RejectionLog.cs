namespace NodeAgent.Discovery;

/// <summary>
/// Logs refused answers and tags at most once a minute per node: a hostile or broken node must not fill the
/// journal (and the SD card under it). Every refusal is counted.
/// </summary>
internal sealed partial class RejectionLog(TimeProvider time, string component = "discovery.serf")
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int MaxTracked = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset At, int Suppressed)> _last = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Report(ILogger logger, string node, string reason)
    {
        Interlocked.Increment(ref _count);
        var now = time.GetUtcNow();
        int suppressed;
        lock (_gate)
        {
            if (_last.TryGetValue(node, out var last) && now - last.At < Interval)
            {
                _last[node] = (last.At, last.Suppressed + 1);
                return;
            }
            if (_last.Count >= MaxTracked)
            {
                _last.Clear();
            }
            suppressed = last.Suppressed;
            _last[node] = (now, 0);
        }
        Log.Refused(logger, component, node, reason, suppressed);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Component}: refused what node {Node} sent: {Reason} ({Suppressed} more refusals from it in the last minute were not logged)")]
        public static partial void Refused(ILogger logger, string component, string node, string reason, int suppressed);
    }
}
