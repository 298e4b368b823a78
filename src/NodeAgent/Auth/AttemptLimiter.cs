namespace NodeAgent.Auth;

/// <summary>
/// Fixed-window limits on attempts (pairing, login): so many per client address and so many in all per window.
/// Computed when asked, with no timer: ASP.NET Core's partitioned limiter replenishes on a 100 ms timer for the
/// life of the process, a wake-up the idle agent cannot afford. The table of addresses is bounded; when it is
/// full of live windows, new addresses count against the global limit only.
/// </summary>
internal sealed class AttemptLimiter(int perAddress, int global, TimeSpan window, TimeProvider time)
{
    private const int MaxAddresses = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _byAddress = new(StringComparer.Ordinal);
    private (DateTimeOffset Start, int Count) _all;

    /// <summary>Counts an attempt from <paramref name="address"/>: null when allowed, else how long until it would be.</summary>
    public TimeSpan? TryAcquire(string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _all.Start >= window)
            {
                _all = (now, 0);
            }
            if (!_byAddress.TryGetValue(address, out var mine) || now - mine.Start >= window)
            {
                mine = (now, 0);
            }
            if (mine.Count >= perAddress)
            {
                return mine.Start + window - now;
            }
            if (_all.Count >= global)
            {
                return _all.Start + window - now;
            }
            _all.Count++;
            mine.Count++;
            if (_byAddress.Count >= MaxAddresses && !_byAddress.ContainsKey(address))
            {
                foreach (var (key, value) in _byAddress)
                {
                    if (now - value.Start >= window)
                    {
                        _byAddress.Remove(key);
                    }
                }
            }
            if (_byAddress.Count < MaxAddresses || _byAddress.ContainsKey(address))
            {
                _byAddress[address] = mine;
            }
            return null;
        }
    }
}
