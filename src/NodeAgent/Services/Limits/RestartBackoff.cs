namespace NodeAgent.Services.Limits;

/// <summary>
/// Restart with backoff on systemd 252. systemd restarts a failed service itself, <see cref="Burst"/> times within
/// <see cref="Interval"/>, <see cref="RestartDelay"/> apart; then the unit stays failed ("start-limit-hit"). The agent
/// then waits <see cref="DelayAfter"/> (doubling each time the limit is hit again, up to <see cref="MaxDelay"/>),
/// resets the unit and starts it once more. A service that keeps crashing thus costs a few starts per hour, not
/// one every few seconds, and one that recovers is back without the owner.
/// </summary>
public static class RestartBackoff
{
    /// <summary>RestartSec=: the pause before systemd's own restarts.</summary>
    public static TimeSpan RestartDelay { get; } = TimeSpan.FromSeconds(5);

    /// <summary>StartLimitBurst=: starts allowed within <see cref="Interval"/>.</summary>
    public const int Burst = 5;

    /// <summary>StartLimitIntervalSec=.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The agent's first wait after the start limit was hit.</summary>
    public static TimeSpan FirstDelay { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest the agent waits.</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait before resetting and starting a unit that hit its start limit <paramref name="hits"/> times in a row (1 = the first time).</summary>
    public static TimeSpan DelayAfter(int hits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hits, 1);
        // 1, 2, 4 … minutes; the shift is capped before it could overflow.
        var delay = FirstDelay * (1L << Math.Min(hits - 1, 20));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
