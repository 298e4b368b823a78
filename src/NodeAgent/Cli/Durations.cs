using System.Globalization;

namespace NodeAgent.Cli;

/// <summary>Human durations for the CLI: "3 d 4 h", "5 h 12 min", "42 s".</summary>
internal static class Durations
{
    public static string Format(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays} d {t.Hours} h")
            : t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Hours} h {t.Minutes} min")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes} min {t.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds} s");
    }
}
