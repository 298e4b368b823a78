using System.Text.RegularExpressions;

namespace NodeAgent.Boards;

/// <summary>
/// Checks what JSON alone cannot: ids, exactly one way to reach each LED and the button, sane numbers.
/// Returns every problem at once so one edit can fix a file.
/// </summary>
internal static partial class BoardValidator
{
    public static IReadOnlyList<string> Check(BoardProfile profile, string fileName)
    {
        var problems = new List<string>();
        var expectedId = Path.GetFileNameWithoutExtension(fileName);
        if (!IdPattern().IsMatch(profile.Id))
        {
            problems.Add($"id '{profile.Id}' must be lower-case letters, digits and '-'");
        }
        else if (profile.Id != expectedId)
        {
            problems.Add($"id '{profile.Id}' differs from the file name; rename the file to {profile.Id}.json or set \"id\": \"{expectedId}\"");
        }
        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            problems.Add("name is empty");
        }
        CheckDetection(profile.Detection, problems);
        for (var i = 0; i < profile.Leds.Count; i++)
        {
            CheckLed(profile.Leds[i], $"leds[{i}]", problems);
        }
        if (profile.Leds.Count(l => l.Role == LedRole.Status) > 1)
        {
            problems.Add("more than one LED has role 'status'; give the others 'power' or 'alert'");
        }
        if (profile.Button is { } button)
        {
            CheckButton(button, problems);
        }
        if (profile.Extras is { } extras)
        {
            CheckExtras(extras, problems);
        }
        if (profile.Resources.RamMb <= 0)
        {
            problems.Add($"resources.ramMb is {profile.Resources.RamMb}; give the RAM of the smallest common variant in MiB");
        }
        if (string.IsNullOrWhiteSpace(profile.Image.Kernel))
        {
            problems.Add("image.kernel is empty; name the Debian kernel package (e.g. linux-image-arm64)");
        }
        if (!profile.Image.Bootable && string.IsNullOrWhiteSpace(profile.Image.Note))
        {
            problems.Add("image.bootable is false without image.note; say why the image cannot boot");
        }
        return problems;
    }

    private static void CheckDetection(BoardDetection detection, List<string> problems)
    {
        var patterns = detection.DeviceTreeModels.Concat(detection.DeviceTreeCompatibles).Concat(detection.DmiProductNames).ToList();
        if (patterns.Count == 0 && !detection.Fallback)
        {
            problems.Add("detection has no patterns and is not a fallback, so the board can only be chosen by Node:Board; add a pattern or \"fallback\": true");
        }
        foreach (var pattern in patterns.Where(p => BoardPattern.Specificity(p) == 0))
        {
            problems.Add($"detection pattern '{pattern}' matches everything; use \"fallback\": true instead");
        }
    }

    private static void CheckLed(BoardLed led, string at, List<string> problems)
    {
        var hasSysfs = led.Sysfs is { Count: > 0 };
        if (hasSysfs == (led.Gpio is not null))
        {
            problems.Add($"{at} needs exactly one of 'sysfs' (LED class names) or 'gpio' (chip and line)");
        }
        if (led.Sysfs is { } names && names.Any(n => n.Length == 0 || n.Contains('/', StringComparison.Ordinal) || n is "." or ".."))
        {
            problems.Add($"{at}.sysfs has a name that is empty or holds '/'; give names as listed in /sys/class/leds");
        }
        if (led.Gpio is { } gpio)
        {
            CheckLine(gpio, $"{at}.gpio", problems);
        }
    }

    private static void CheckButton(BoardButton button, List<string> problems)
    {
        if ((button.Gpio is null) == (button.Input is null))
        {
            problems.Add("button needs exactly one of 'gpio' (a line the agent watches) or 'input' (a kernel input device and key code)");
        }
        if (button.Gpio is { } gpio)
        {
            CheckLine(gpio, "button.gpio", problems);
            if ((button.Pull == ButtonPull.Up && button.ActiveLevel == ActiveLevel.High)
                || (button.Pull == ButtonPull.Down && button.ActiveLevel == ActiveLevel.Low))
            {
                problems.Add($"button pull '{button.Pull.ToString().ToLowerInvariant()}' with activeLevel '{button.ActiveLevel.ToString().ToLowerInvariant()}' never reads as pressed; a pull-up button is active low, a pull-down one active high");
            }
        }
        if (button.Input is { } input)
        {
            if (string.IsNullOrWhiteSpace(input.DeviceName))
            {
                problems.Add("button.input.deviceName is empty; give the N: Name= of /proc/bus/input/devices");
            }
            if (input.KeyCode is <= 0 or > 0x2ff)
            {
                problems.Add($"button.input.keyCode {input.KeyCode} is not a key code (1 to 767, see linux/input-event-codes.h)");
            }
        }
    }

    private static void CheckExtras(BoardExtras extras, List<string> problems)
    {
        if (extras.Rgb is { } rgb)
        {
            CheckLine(rgb.Red, "extras.rgb.red", problems);
            CheckLine(rgb.Green, "extras.rgb.green", problems);
            CheckLine(rgb.Blue, "extras.rgb.blue", problems);
        }
        if (extras.Ws2812 is { } strip && (strip.SpiBus < 0 || strip.ChipSelect < 0 || strip.Count is < 1 or > 1024))
        {
            problems.Add($"extras.ws2812 needs spiBus and chipSelect of 0 or more and a count of 1 to 1024 (got {strip.SpiBus}, {strip.ChipSelect}, {strip.Count})");
        }
        if (extras.Ssd1306 is { } display && (display.I2cBus < 0 || display.Address is < 0x03 or > 0x77))
        {
            problems.Add($"extras.ssd1306 needs an i2cBus of 0 or more and a 7-bit address from 3 to 119 (0x03-0x77); got bus {display.I2cBus}, address {display.Address}");
        }
    }

    private static void CheckLine(GpioLine line, string at, List<string> problems)
    {
        if (line.Chip < 0 || line.Line < 0)
        {
            problems.Add($"{at} has chip {line.Chip}, line {line.Line}; both must be 0 or more (see `gpioinfo`)");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();
}
