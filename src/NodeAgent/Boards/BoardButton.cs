namespace NodeAgent.Boards;

/// <summary>The button: a GPIO line the agent watches, or a kernel input device (gpio-keys) it reads.</summary>
public sealed record BoardButton
{
    /// <summary>Free-text remark for people editing the file.</summary>
    public string? Note { get; init; }

    /// <summary>GPIO line of the button.</summary>
    public GpioLine? Gpio { get; init; }

    /// <summary>Bias on the GPIO line; <c>none</c> means an external resistor is fitted.</summary>
    public ButtonPull Pull { get; init; } = ButtonPull.Up;

    /// <summary>Level of the GPIO line while the button is pressed.</summary>
    public ActiveLevel ActiveLevel { get; init; } = ActiveLevel.Low;

    /// <summary>Kernel input device whose key events are the button.</summary>
    public InputKey? Input { get; init; }
}
