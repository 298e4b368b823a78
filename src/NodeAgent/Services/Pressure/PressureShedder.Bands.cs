using System.Globalization;

namespace NodeAgent.Services.Pressure;

public sealed partial class PressureShedder
{
    /// <summary>Why this reading is pressure, with its numbers; null when it is not.</summary>
    private string? PressureCause(PressureReading reading)
    {
        var causes = new List<string>();
        if (reading.AvailableMb < thresholds.FloorMb)
        {
            causes.Add($"MemAvailable {reading.AvailableMb} MB is below the {thresholds.FloorMb} MB floor");
        }
        if (reading.FullAvg10 is { } full && full >= thresholds.FullAvg10Limit)
        {
            causes.Add($"every task stalled on memory {Percent(full)} of the last 10 s (PSI full, limit {Percent(thresholds.FullAvg10Limit)})");
        }
        if (reading.SomeAvg10 is { } some && some >= thresholds.SomeAvg10Limit)
        {
            causes.Add($"tasks stalled on memory {Percent(some)} of the last 10 s (PSI some, limit {Percent(thresholds.SomeAvg10Limit)})");
        }
        return causes.Count == 0 ? null : $"memory pressure: {string.Join(" and ", causes)}";
    }

    private bool IsCalm(PressureReading reading) =>
        reading.AvailableMb >= thresholds.FloorMb + thresholds.MarginMb
        && (reading.SomeAvg10 is not { } some || some < thresholds.CalmSomeAvg10)
        && (reading.FullAvg10 is not { } full || full < thresholds.CalmFullAvg10);

    private static string Stalls(PressureReading reading) =>
        reading.SomeAvg10 is { } some ? $", PSI some {Percent(some)}, full {Percent(reading.FullAvg10 ?? 0)}" : "";

    private static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
