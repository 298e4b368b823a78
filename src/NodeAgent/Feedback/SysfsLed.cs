using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// A kernel LED under <c>/sys/class/leds/NAME</c>. Patterns use the kernel's triggers where one fits —
/// <c>default-on</c>, <c>timer</c> (two steps), <c>heartbeat</c>, <c>pattern</c> (any steps) — so blinking costs
/// the agent no wake-ups; only a pattern no available trigger can play falls back to software timing.
/// On dispose the LED gets back the trigger it had (the Pi's ACT LED returns to showing SD-card activity).
/// </summary>
internal sealed class SysfsLed : ILed
{
    private readonly string _directory;
    private readonly HashSet<string> _triggers;
    private readonly string? _originalTrigger;
    private readonly int _maxBrightness;
    private readonly SoftwareBlinker _blinker;

    private SysfsLed(string directory, HashSet<string> triggers, string? original, int maxBrightness, TimeProvider time)
    {
        _directory = directory;
        _triggers = triggers;
        _originalTrigger = original;
        _maxBrightness = maxBrightness;
        Name = Path.GetFileName(directory);
        _blinker = new SoftwareBlinker(time, on => Write("brightness", on ? _maxBrightness : 0));
    }

    public string Name { get; }

    public string Method { get; private set; } = "untouched";

    /// <summary>The triggers this LED offers, as its <c>trigger</c> file lists them.</summary>
    public IReadOnlyCollection<string> Triggers => _triggers;

    /// <summary>Opens the first of <paramref name="names"/> present under <paramref name="ledsDirectory"/>, or returns null.</summary>
    /// <exception cref="LedWriteException">The LED exists but its files cannot be read.</exception>
    public static SysfsLed? Open(string ledsDirectory, IEnumerable<string> names, TimeProvider time)
    {
        foreach (var name in names)
        {
            var directory = Path.Join(ledsDirectory, name);
            if (!Directory.Exists(directory))
            {
                continue;
            }
            try
            {
                var (triggers, current) = ParseTriggers(File.ReadAllText(Path.Join(directory, "trigger")));
                var maxPath = Path.Join(directory, "max_brightness");
                var max = File.Exists(maxPath) && int.TryParse(File.ReadAllText(maxPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 1;
                return new SysfsLed(directory, triggers, current, max, time);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LedWriteException($"LED {name}: cannot read {directory}/trigger ({e.Message}); the agent needs read access to /sys/class/leds", e);
            }
        }
        return null;
    }

    /// <summary>Reads "none [mmc0] timer heartbeat": the available triggers and the current one.</summary>
    internal static (HashSet<string> Triggers, string? Current) ParseTriggers(string text)
    {
        var triggers = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var word in text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > 2 && word[0] == '[' && word[^1] == ']')
            {
                current = word[1..^1];
                triggers.Add(current);
            }
            else
            {
                triggers.Add(word);
            }
        }
        return (triggers, current);
    }

    public void Show(LedPattern pattern)
    {
        _blinker.Stop();
        if (!ShowByKernel(pattern))
        {
            Write("trigger", "none");
            _blinker.Play(pattern);
            Method = "software";
        }
    }

    /// <summary>
    /// Shows <paramref name="pattern"/> through a kernel trigger or a steady brightness only, which go on without this
    /// process; false (and nothing written) when this LED would need software blinking for it.
    /// </summary>
    /// <exception cref="LedWriteException">The LED cannot be written.</exception>
    public bool ShowByKernel(LedPattern pattern)
    {
        if (pattern.IsSteady)
        {
            if (pattern.SteadyOn && _triggers.Contains("default-on"))
            {
                Write("trigger", "default-on");
                Method = "default-on trigger";
                return true;
            }
            Write("trigger", "none");
            Write("brightness", pattern.SteadyOn ? _maxBrightness : 0);
            Method = "brightness";
        }
        else if (pattern == LedPattern.Heartbeat && _triggers.Contains("heartbeat"))
        {
            Write("trigger", "heartbeat");
            Method = "heartbeat trigger";
        }
        else if (pattern.Steps.Length == 2 && _triggers.Contains("timer"))
        {
            // Selecting the timer trigger creates delay_on and delay_off; they must be written after it.
            Write("trigger", "timer");
            Write("delay_on", (int)pattern.Steps[0].TotalMilliseconds);
            Write("delay_off", (int)pattern.Steps[1].TotalMilliseconds);
            Method = "timer trigger";
        }
        else if (_triggers.Contains("pattern"))
        {
            Write("trigger", "pattern");
            Write("pattern", PatternText(pattern, _maxBrightness));
            Write("repeat", -1);
            Method = "pattern trigger";
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>Lets go of the LED as it is now (no trigger restored): for a process that sets a pattern and exits.</summary>
    public void Leave() => _blinker.Dispose();

    /// <summary>
    /// The pattern trigger ramps between consecutive entries; a zero-length entry at each level makes the ramps
    /// instant, giving a square wave (Documentation/leds/ledtrig-pattern.rst).
    /// </summary>
    internal static string PatternText(LedPattern pattern, int maxBrightness)
    {
        var parts = new List<string>(pattern.Steps.Length * 4);
        for (var i = 0; i < pattern.Steps.Length; i++)
        {
            var level = (i % 2 == 0 ? maxBrightness : 0).ToString(CultureInfo.InvariantCulture);
            parts.Add(level);
            parts.Add(((int)pattern.Steps[i].TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            parts.Add(level);
            parts.Add("0");
        }
        return string.Join(' ', parts);
    }

    private void Write(string file, int value) => Write(file, value.ToString(CultureInfo.InvariantCulture));

    private void Write(string file, string value)
    {
        var path = Path.Join(_directory, file);
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LedWriteException(
                $"LED {Name}: cannot write '{value}' to {path} ({e.Message}); the agent needs write access to /sys/class/leds (run it as root, or add a udev rule giving its group the LED files)", e);
        }
    }

    public void Dispose()
    {
        _blinker.Dispose();
        if (_originalTrigger is null)
        {
            return;
        }
        try
        {
            Write("trigger", _originalTrigger);
        }
        catch (LedWriteException)
        {
            // Shutting down: the LED keeps our last pattern, which is all that is lost.
        }
    }
}
