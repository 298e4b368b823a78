using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>Parses <c>/proc/loadavg</c>: "1.05 0.53 0.21 1/84 3738".</summary>
internal static class LoadAvgParser
{
    public static LoadSnapshot? Parse(ReadOnlySpan<char> text, out string? error)
    {
        var fields = new FieldReader(text);
        if (!fields.TryNextDouble(out double l1) || !fields.TryNextDouble(out double l5) ||
            !fields.TryNextDouble(out double l15) || !fields.TryNext(out var tasks))
        {
            error = $"expected 'load1 load5 load15 running/total', got '{CpuUsageTracker.Shorten(text.Trim())}'";
            return null;
        }

        int slash = tasks.IndexOf('/');
        if (slash <= 0 || !FieldReader.TryParseLong(tasks[..slash], out long running) || !FieldReader.TryParseLong(tasks[(slash + 1)..], out long total))
        {
            error = $"task field '{tasks}' is not 'running/total'";
            return null;
        }

        error = null;
        return new LoadSnapshot { Load1 = l1, Load5 = l5, Load15 = l15, RunningTasks = (int)running, TotalTasks = (int)total };
    }
}
