using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Turns the cumulative jiffy counters of <c>/proc/stat</c> into usage over the interval since
/// the previous call. The first call has no previous counters and so reports the average since
/// boot, which is a truer first value for a chart than 0.
/// </summary>
internal sealed class CpuUsageTracker
{
    // Per row (0 = the "cpu" total line, then one per core): total, idle+iowait, iowait, steal.
    private const int Slots = 4;

    private long[] _previous = new long[Slots * 8];
    private long[] _current = new long[Slots * 8];
    private string[] _names = new string[8];
    private int _previousRows;

    /// <summary>Parses <paramref name="stat"/>; returns null with a cause when it has no usable cpu lines.</summary>
    public CpuSnapshot? Update(ReadOnlySpan<char> stat, string? model, string? architecture, out string? error)
    {
        int rows = 0;
        Span<long> v = stackalloc long[8];
        foreach (var line in stat.EnumerateLines())
        {
            if (!line.StartsWith("cpu"))
            {
                // The cpu lines come first; stop before the long "intr" line.
                if (rows > 0)
                {
                    break;
                }

                continue;
            }

            var fields = new FieldReader(line);
            fields.TryNext(out var name);

            // user nice system idle iowait irq softirq steal [guest guest_nice]. Guest time is
            // already included in user and nice, so it is not added again.
            v.Clear();
            int count = 0;
            while (count < 8 && fields.TryNextLong(out long value))
            {
                v[count++] = value;
            }

            if (count < 4)
            {
                error = $"line '{Shorten(line)}' has {count} numeric fields, expected at least 4";
                return null;
            }

            if (rows == 0 && name.Length != 3)
            {
                error = "first cpu line is not the 'cpu' total";
                return null;
            }

            EnsureRows(rows + 1);
            if (_names[rows] is null || !name.SequenceEqual(_names[rows]))
            {
                // A different core in this row (hot-plug): its old counters are not comparable.
                _names[rows] = name.ToString();
                if (rows < _previousRows)
                {
                    _previous.AsSpan(rows * Slots, Slots).Clear();
                }
            }

            long total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
            int at = rows * Slots;
            _current[at] = total;
            _current[at + 1] = v[3] + v[4];
            _current[at + 2] = v[4];
            _current[at + 3] = v[7];
            rows++;
        }

        if (rows == 0)
        {
            error = "no 'cpu' lines";
            return null;
        }

        var cores = new CpuUsage[rows - 1];
        var totalUsage = Usage(0);
        for (int i = 1; i < rows; i++)
        {
            cores[i - 1] = Usage(i);
        }

        (_previous, _current) = (_current, _previous);
        _previousRows = rows;
        error = null;
        return new CpuSnapshot
        {
            CoreCount = rows - 1,
            Model = model,
            Architecture = architecture,
            Total = totalUsage,
            Cores = cores,
        };
    }

    private CpuUsage Usage(int row)
    {
        int at = row * Slots;
        bool hasPrevious = row < _previousRows;
        long dTotal = _current[at] - (hasPrevious ? _previous[at] : 0);
        long dIdle = _current[at + 1] - (hasPrevious ? _previous[at + 1] : 0);
        long dIowait = _current[at + 2] - (hasPrevious ? _previous[at + 2] : 0);
        long dSteal = _current[at + 3] - (hasPrevious ? _previous[at + 3] : 0);

        // iowait is known to step backwards on tickless kernels; clamp so one odd interval
        // cannot produce negative or above-100 percentages.
        dTotal = Math.Max(dTotal, 0);
        dIdle = Math.Clamp(dIdle, 0, dTotal);
        dIowait = Math.Clamp(dIowait, 0, dTotal);
        dSteal = Math.Clamp(dSteal, 0, dTotal);

        return new CpuUsage
        {
            Name = _names[row],
            UsagePercent = Percent.Of(dTotal - dIdle, dTotal),
            IowaitPercent = Percent.Of(dIowait, dTotal),
            StealPercent = Percent.Of(dSteal, dTotal),
        };
    }

    private void EnsureRows(int rows)
    {
        if (rows * Slots <= _current.Length)
        {
            return;
        }

        int capacity = Math.Max(rows, _names.Length * 2);
        Array.Resize(ref _current, capacity * Slots);
        Array.Resize(ref _previous, capacity * Slots);
        Array.Resize(ref _names, capacity);
    }

    internal static string Shorten(ReadOnlySpan<char> line) =>
        line.Length <= 60 ? line.ToString() : string.Concat(line[..60], "...");
}
