using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NodeAgent.Services.Packages;

/// <summary>
/// Reads apt's machine-readable status lines (<c>-o APT::Status-Fd=N</c>, described in apt's
/// <c>doc/progress-reporting.md</c>): <c>dlstatus:PKG:PERCENT:MESSAGE</c>, <c>pmstatus:PKG:PERCENT:MESSAGE</c>,
/// <c>pmerror:PKG:PERCENT:MESSAGE</c>. The message itself may contain colons.
/// </summary>
internal static class AptStatusLine
{
    /// <summary>A progress report, or false for any other line (apt's and dpkg's ordinary output).</summary>
    internal static bool TryParse(string line, [NotNullWhen(true)] out AptProgress? progress, out bool isError)
    {
        progress = null;
        isError = false;
        string[] parts = line.Split(':', 4);
        if (parts.Length != 4 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent))
        {
            return false;
        }

        AptPhase phase;
        switch (parts[0])
        {
            case "dlstatus":
                phase = AptPhase.Download;
                break;
            case "pmstatus":
                phase = AptPhase.Install;
                break;
            case "pmerror":
                phase = AptPhase.Install;
                isError = true;
                break;
            default:
                return false;
        }

        string? package = parts[1].Length == 0 || parts[1] == "dpkg-exec" ? null : parts[1];
        progress = new AptProgress(phase, Math.Clamp(percent, 0, 100), package, parts[3].Trim());
        return true;
    }
}
