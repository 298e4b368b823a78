namespace NodeAgent.Storage;

/// <summary>Running sums for the open bucket of one resolution; hands back the bucket's averages when it closes.</summary>
internal sealed class BucketAccumulator(HistoryResolution resolution)
{
    private readonly Dictionary<string, (double Sum, int Count)> _sums = new(StringComparer.Ordinal);
    private long _bucket = long.MinValue;

    /// <summary>Adds a sample; returns the previous bucket if this sample starts a new one.</summary>
    public HistoryPoint? Add(long unixSeconds, IReadOnlyDictionary<string, double> values)
    {
        var bucket = resolution.BucketOf(unixSeconds);
        HistoryPoint? closed = null;
        if (bucket != _bucket)
        {
            closed = Close();
            _bucket = bucket;
        }
        foreach (var (key, value) in values)
        {
            if (double.IsFinite(value))
            {
                var (sum, count) = _sums.GetValueOrDefault(key);
                _sums[key] = (sum + value, count + 1);
            }
        }
        return closed;
    }

    /// <summary>Closes the open bucket, if it has any data.</summary>
    public HistoryPoint? Close()
    {
        if (_sums.Count == 0)
        {
            return null;
        }
        var averages = new Dictionary<string, double>(_sums.Count, StringComparer.Ordinal);
        foreach (var (key, (sum, count)) in _sums)
        {
            averages[key] = sum / count;
        }
        _sums.Clear();
        return new HistoryPoint(_bucket, averages);
    }
}
