using System.Device.Gpio;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// The LEDs and button of the chosen board that are really there. Anything missing is not an error: it is
/// listed in <see cref="Missing"/> (one line each, which the service logs once) and the agent runs without it.
/// Owns the GPIO controllers it opened.
/// </summary>
internal sealed partial class FeedbackDevices : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private ILogger? _logger;

    private FeedbackDevices()
    {
    }

    public IReadOnlyList<DrivenLed> Leds { get; private set; } = [];

    public IButtonSource? Button { get; private set; }

    public IReadOnlyList<string> Missing { get; private set; } = [];

    /// <summary>An empty set: no board, or feedback switched off.</summary>
    public static FeedbackDevices None(string why) => new() { Missing = [why] };

    /// <param name="board">The chosen profile; null runs without LEDs or button.</param>
    /// <param name="hostRoot">Where <c>/sys</c>, <c>/proc</c> and <c>/dev</c> are found.</param>
    /// <param name="time">Clock for software blinking.</param>
    /// <param name="openChip">Opens GPIO chip N (libgpiod on a node, a simulated driver in tests).</param>
    /// <param name="logger">For the input-event reader, and a device that cannot be cleared at the end.</param>
    /// <param name="extras">The extra outputs the owner fitted; null: none.</param>
    public static FeedbackDevices Open(BoardProfile? board, string hostRoot, TimeProvider time, Func<int, GpioController> openChip, ILogger logger, ExtraOptions? extras = null)
    {
        if (board is null)
        {
            return None("no board profile: running without LEDs or button");
        }
        var devices = new FeedbackDevices { _logger = logger };
        var missing = new List<string>();
        var chips = new Dictionary<int, GpioController>();
        GpioController Chip(int n)
        {
            if (!chips.TryGetValue(n, out var controller))
            {
                controller = openChip(n);
                chips[n] = controller;
                devices._owned.Add(controller);
            }
            return controller;
        }

        var roles = LedLanguage.EffectiveRoles([.. board.Leds.Select(l => l.Role)]);
        var leds = new List<DrivenLed>();
        for (var i = 0; i < board.Leds.Count; i++)
        {
            var spec = board.Leds[i];
            var label = $"{spec.Colour.ToString().ToLowerInvariant()} {roles[i].ToString().ToLowerInvariant()} LED";
            try
            {
                ILed? led = spec.Sysfs is { } names
                    ? SysfsLed.Open(Path.Join(hostRoot, "sys/class/leds"), names, time)
                    : new GpioLed(Chip(spec.Gpio!.Chip), spec.Gpio.Chip, spec.Gpio.Line, spec.ActiveLevel, time);
                if (led is null)
                {
                    missing.Add($"{label}: none of {string.Join(", ", spec.Sysfs!)} is in /sys/class/leds");
                    continue;
                }
                leds.Add(new DrivenLed(roles[i], spec.Colour, led));
                devices._owned.Add(led);
            }
            catch (Exception e) when (e is LedWriteException or GpioOpenException)
            {
                missing.Add($"{label}: {e.Message}");
            }
        }
        devices.Leds = leds;
        devices.Button = OpenButton(board, hostRoot, Chip, logger, missing);
        if (devices.Button is not null)
        {
            devices._owned.Add(devices.Button);
        }
        devices.OpenExtras(board, extras ?? ExtraOptions.None, Chip, time, missing);
        if (board.Leds.Count == 0)
        {
            missing.Add($"running without LEDs: board {board.Id} has none the agent can drive");
        }
        if (board.Button is null)
        {
            missing.Add($"running without a button: board {board.Id} has none");
        }
        devices.Missing = missing;
        return devices;
    }

    private static IButtonSource? OpenButton(BoardProfile board, string hostRoot, Func<int, GpioController> chip, ILogger logger, List<string> missing)
    {
        switch (board.Button)
        {
            case { Input: { } input }:
                var devicesFile = Path.Join(hostRoot, "proc/bus/input/devices");
                var node = File.Exists(devicesFile) ? InputDevices.FindEventNode(File.ReadAllText(devicesFile), input.DeviceName) : null;
                if (node is null)
                {
                    missing.Add($"button: no input device named '{input.DeviceName}' in /proc/bus/input/devices (is its driver loaded?)");
                    return null;
                }
                return new InputEventButtonSource(Path.Join(hostRoot, "dev/input", node), input.KeyCode, logger);
            case { Gpio: { } line } button:
                try
                {
                    return new GpioButtonSource(chip(line.Chip), line, button.Pull, button.ActiveLevel);
                }
                catch (Exception e) when (e is InvalidOperationException or GpioOpenException)
                {
                    missing.Add($"button: {e.Message}");
                    return null;
                }
            default:
                return null;
        }
    }

    public void Dispose()
    {
        // Extras, LEDs and the button first, then the controllers they use.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                _owned[i].Dispose();
            }
            catch (IOException e)
            {
                // A device unplugged while the agent ran cannot be cleared; the others still are.
                if (_logger is not null)
                {
                    Log.NotCleared(_logger, (_owned[i] as IExtraOutput)?.Name ?? _owned[i].GetType().Name, e.Message);
                }
            }
        }
        _owned.Clear();
    }
}
