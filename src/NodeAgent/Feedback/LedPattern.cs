using System.Collections.Immutable;
using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// A rhythm for one LED: a steady level, or a cycle of steps that alternate on, off, on, off…
/// starting with on. Patterns differ by rhythm, never only by colour, so a single-colour LED can tell
/// every state apart. The instances are fixed; compare them by reference or <see cref="Name"/>.
/// </summary>
public sealed class LedPattern
{
    private LedPattern(string name, bool steadyOn, params double[] stepsMs)
    {
        Name = name;
        SteadyOn = steadyOn;
        Steps = [.. stepsMs.Select(TimeSpan.FromMilliseconds)];
    }

    public static LedPattern Off { get; } = new("off", false);

    public static LedPattern Solid { get; } = new("solid", true);

    /// <summary>0.5 Hz: 1 s on, 1 s off.</summary>
    public static LedPattern SlowBlink { get; } = new("slow-blink", false, 1000, 1000);

    /// <summary>2 Hz: 250 ms on, 250 ms off.</summary>
    public static LedPattern Blink { get; } = new("blink", false, 250, 250);

    /// <summary>5 Hz: 100 ms on, 100 ms off.</summary>
    public static LedPattern FastBlink { get; } = new("fast-blink", false, 100, 100);

    /// <summary>10 Hz flicker.</summary>
    public static LedPattern Flicker { get; } = new("flicker", false, 50, 50);

    /// <summary>Mostly on with a short dip every 2 s.</summary>
    public static LedPattern LongBlink { get; } = new("long-blink", false, 1800, 200);

    /// <summary>One short flash every 2 s.</summary>
    public static LedPattern SingleFlash { get; } = new("single-flash", false, 100, 1900);

    /// <summary>Two short flashes every 2 s.</summary>
    public static LedPattern DoubleFlash { get; } = new("double-flash", false, 100, 200, 100, 1600);

    /// <summary>Three short flashes every 2 s.</summary>
    public static LedPattern TripleFlash { get; } = new("triple-flash", false, 100, 200, 100, 200, 100, 1300);

    /// <summary>A short and a long flash: "busy, do not unplug".</summary>
    public static LedPattern ShortLong { get; } = new("short-long", false, 150, 150, 600, 600);

    /// <summary>
    /// Two beats and a pause, like the kernel's <c>heartbeat</c> trigger, which drivers use where the LED has it
    /// (its period also stretches with the load average). The steps are the software stand-in at zero load.
    /// </summary>
    public static LedPattern Heartbeat { get; } = new("heartbeat", false, 70, 245, 70, 875);

    /// <summary>Every pattern, for tables and tests.</summary>
    public static IReadOnlyList<LedPattern> All { get; } =
        [Off, Solid, SlowBlink, Blink, FastBlink, Flicker, LongBlink, SingleFlash, DoubleFlash, TripleFlash, ShortLong, Heartbeat];

    /// <summary>Kebab-case name, as the API shows it.</summary>
    public string Name { get; }

    /// <summary>Level of a pattern without steps.</summary>
    public bool SteadyOn { get; }

    /// <summary>Durations alternating on, off, on, off…; empty for a steady level.</summary>
    public ImmutableArray<TimeSpan> Steps { get; }

    public bool IsSteady => Steps.IsEmpty;

    public TimeSpan Period => Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step);

    /// <summary>Whether the LED is lit <paramref name="elapsed"/> after the pattern started.</summary>
    public bool IsOnAt(TimeSpan elapsed)
    {
        if (IsSteady)
        {
            return SteadyOn;
        }
        var t = TimeSpan.FromTicks(elapsed.Ticks % Period.Ticks);
        for (var i = 0; i < Steps.Length; i++)
        {
            if (t < Steps[i])
            {
                return i % 2 == 0;
            }
            t -= Steps[i];
        }
        return false;
    }

    /// <summary>"250/250 ms" style description for the README table and the API.</summary>
    public string Timing => IsSteady
        ? (SteadyOn ? "on" : "off")
        : string.Join('/', Steps.Select(s => s.TotalMilliseconds.ToString(CultureInfo.InvariantCulture))) + " ms";

    public override string ToString() => Name;
}
