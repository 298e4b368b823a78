namespace NodeAgent.Feedback;

/// <summary>
/// Plays a pattern's steps on a level setter with one timer, re-armed at each step boundary, so the process
/// wakes only when the LED changes. Used where no kernel trigger fits (GPIO LEDs, or a sysfs LED lacking one).
/// </summary>
internal sealed class SoftwareBlinker : IDisposable
{
    private readonly Action<bool> _set;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private LedPattern _pattern = LedPattern.Off;
    private int _step;
    private bool _disposed;

    public SoftwareBlinker(TimeProvider time, Action<bool> set)
    {
        _set = set;
        _timer = time.CreateTimer(_ => Next(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Play(LedPattern pattern)
    {
        lock (_lock)
        {
            _pattern = pattern;
            _step = 0;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (pattern.IsSteady)
            {
                _set(pattern.SteadyOn);
                return;
            }
            _set(true);
            _timer.Change(pattern.Steps[0], Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _pattern = LedPattern.Off;
        }
    }

    private void Next()
    {
        lock (_lock)
        {
            if (_disposed || _pattern.IsSteady)
            {
                return;
            }
            _step = (_step + 1) % _pattern.Steps.Length;
            _set(_step % 2 == 0);
            _timer.Change(_pattern.Steps[_step], Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
