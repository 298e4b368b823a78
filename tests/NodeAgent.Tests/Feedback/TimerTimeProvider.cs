namespace NodeAgent.Tests.Feedback;

/// <summary>
/// A clock the test moves by hand whose timers fire as it moves, in due order, each at its own time:
/// software blinking and gesture deadlines run exactly as they would, without waiting.
/// </summary>
internal sealed class TimerTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _ticks;

    public TimerTimeProvider() : this(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Time since the provider was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing every timer that falls due on the way at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        long end;
        lock (_lock)
        {
            end = _ticks + by.Ticks;
        }
        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt is { } d && d <= end).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    _now += TimeSpan.FromTicks(end - _ticks);
                    _ticks = end;
                    return;
                }
                var due = next.DueAt!.Value;
                _now += TimeSpan.FromTicks(due - _ticks);
                _ticks = due;
                next.DueAt = next.Period > TimeSpan.Zero ? due + next.Period.Ticks : null;
            }
            next.Fire();
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(TimerTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + dueTime.Ticks;
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
