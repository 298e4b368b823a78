namespace NodeAgent.Boards;

/// <summary>One LED: a kernel LED (sysfs LED class) or a GPIO line the agent drives itself.</summary>
public sealed record BoardLed
{
    /// <summary>Free-text remark for people editing the file.</summary>
    public string? Note { get; set; }

    /// <summary>What the LED shows (see the LED language in <c>boards/README.md</c>).</summary>
    public required LedRole Role { get; init; }

    /// <summary>Colour, for people reading the table.</summary>
    public required LedColour Colour { get; init; }

    /// <summary>Names under <c>/sys/class/leds</c>, tried in order (kernels have renamed LEDs: <c>ACT</c> was <c>led0</c>).</summary>
    public IReadOnlyList<string>? Sysfs { get; set; }

    /// <summary>GPIO line, when the LED is not a kernel LED.</summary>
    public GpioLine? Gpio { get; set; }

    /// <summary>Level that lights a GPIO LED (kernel LEDs handle this themselves).</summary>
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.High;
}
