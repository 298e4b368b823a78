namespace NodeAgent.Resources;

/// <summary>Parses <c>/proc/uptime</c>: "244.18 350.76" (seconds up, seconds idle summed over cores).</summary>
internal static class UptimeParser
{
    public static double? Parse(ReadOnlySpan<char> text, out string? error)
    {
        var fields = new FieldReader(text);
        if (!fields.TryNextDouble(out double uptime) || uptime < 0)
        {
            error = $"expected seconds, got '{CpuUsageTracker.Shorten(text.Trim())}'";
            return null;
        }

        error = null;
        return uptime;
    }
}
