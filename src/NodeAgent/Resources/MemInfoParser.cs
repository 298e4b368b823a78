using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>Parses <c>/proc/meminfo</c> ("MemTotal:  24684092 kB" lines).</summary>
internal static class MemInfoParser
{
    public static MemorySnapshot? Parse(ReadOnlySpan<char> meminfo, out string? error)
    {
        long total = -1, free = -1, available = -1, buffers = 0, cached = 0, swapTotal = 0, swapFree = 0;
        foreach (var line in meminfo.EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var fields = new FieldReader(line[(colon + 1)..]);
            if (!fields.TryNextLong(out long kb))
            {
                continue;
            }

            long bytes = kb * 1024; // the kernel's "kB" is KiB
            switch (key)
            {
                case "MemTotal": total = bytes; break;
                case "MemFree": free = bytes; break;
                case "MemAvailable": available = bytes; break;
                case "Buffers": buffers = bytes; break;
                case "Cached": cached = bytes; break;
                case "SwapTotal": swapTotal = bytes; break;
                case "SwapFree": swapFree = bytes; break;
                default: break;
            }
        }

        if (total <= 0 || free < 0)
        {
            error = "MemTotal or MemFree missing or not a number";
            return null;
        }

        bool estimated = available < 0;
        if (estimated)
        {
            // Kernels before 3.14 have no MemAvailable; free + buffers + cached is the classic
            // (optimistic) estimate.
            available = Math.Min(total, free + buffers + cached);
        }

        long swapUsed = Math.Max(0, swapTotal - swapFree);
        error = null;
        return new MemorySnapshot
        {
            TotalBytes = total,
            FreeBytes = free,
            AvailableBytes = available,
            AvailableEstimated = estimated,
            BuffersBytes = buffers,
            CachedBytes = cached,
            UsedPercent = Percent.Of(total - available, total),
            SwapTotalBytes = swapTotal,
            SwapFreeBytes = swapFree,
            SwapUsedBytes = swapUsed,
            SwapUsedPercent = swapTotal > 0 ? Percent.Of(swapUsed, swapTotal) : null,
        };
    }
}
