using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Limits;

/// <summary>
/// The systemd drop-in the agent owns for a service: its limits and restart policy, from the manifest.
/// Pure text; the service manager writes it (atomically) to <see cref="PathFor"/> and reloads systemd.
/// </summary>
/// <remarks>
/// Debian bookworm has systemd 252. Growing restart delays (<c>RestartSteps=</c>, <c>RestartMaxDelaySec=</c>) came in
/// systemd 254, and 252 refuses neither: it logs "Unknown key" and ignores them, so writing them would only look
/// like backoff. What 252 has is a fixed <c>RestartSec=</c> plus a start limit: after <see cref="RestartBackoff.Burst"/>
/// failed starts within <see cref="RestartBackoff.Interval"/> the unit stays failed, and the agent takes over the
/// backoff (see <see cref="RestartBackoff"/>): it resets and starts it again after a growing delay.
/// </remarks>
public static partial class LimitsDropIn
{
    /// <summary>Sorts before an owner's own drop-ins (e.g. 90-local.conf), so theirs win where both set a key.</summary>
    public const string FileName = "50-nodeagent.conf";

    /// <summary>Where the drop-in for <paramref name="unit"/> goes.</summary>
    public static string PathFor(string unit, string systemDirectory = "/etc/systemd/system")
    {
        if (!UnitPattern().IsMatch(unit))
        {
            throw new ArgumentException($"'{unit}' is not a service unit name", nameof(unit));
        }
        return Path.Join(systemDirectory, unit + ".d", FileName);
    }

    /// <summary>The drop-in text for <paramref name="manifest"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside what systemd accepts (a manifest built in code, not read from a file).</exception>
    public static string For(ServiceManifest manifest)
    {
        var limits = manifest.Limits;
        var text = new StringBuilder();
        text.Append("# Written by nodeagent from the manifest of ").Append(manifest.Id).Append("; it is replaced whenever the agent applies it.\n");
        text.Append("# Put changes of your own in a drop-in that sorts later in this directory, e.g. 90-local.conf.\n");
        text.Append("[Unit]\n");
        Line(text, "StartLimitIntervalSec", Invariant(RestartBackoff.Interval.TotalSeconds) + "s");
        Line(text, "StartLimitBurst", Invariant(RestartBackoff.Burst));
        text.Append("\n[Service]\n");
        // Accounting is what the footprint measurement reads (memory.current, cpu.stat); on by default under cgroup v2, stated so it stays on.
        Line(text, "MemoryAccounting", "yes");
        Line(text, "CPUAccounting", "yes");
        if (limits.MemoryHighMb is { } high)
        {
            Line(text, "MemoryHigh", Mebibytes(high, nameof(limits.MemoryHighMb)));
        }
        if (limits.MemoryMaxMb is { } max)
        {
            Line(text, "MemoryMax", Mebibytes(max, nameof(limits.MemoryMaxMb)));
        }
        if (limits.CpuQuotaPercent is { } cpu)
        {
            Line(text, "CPUQuota", Checked(cpu, 1, 6400, nameof(limits.CpuQuotaPercent)) + "%");
        }
        if (limits.IoWeight is { } io)
        {
            Line(text, "IOWeight", Checked(io, 1, 10000, nameof(limits.IoWeight)));
        }
        Line(text, "Restart", "on-failure");
        Line(text, "RestartSec", Invariant(RestartBackoff.RestartDelay.TotalSeconds) + "s");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');

    private static string Mebibytes(int value, string name) => Checked(value, 8, 65536, name) + "M";

    private static string Checked(int value, int min, int max, string name) =>
        value >= min && value <= max ? Invariant(value) : throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min} to {max}");

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z0-9:_.-]{1,100}(@[A-Za-z0-9:_.-]{1,100})?\.service\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();
}
