namespace NodeAgent.Boards;

/// <summary>The button: a GPIO line the agent watches, or a kernel input device (gpio-keys) it reads.</summary>
public sealed record BoardButton
{
    /// <summary>Free-text remark for people editing the file.</summary>
    public string? Note { get; set; }

    /// <summary>GPIO line of the button.</summary>
    public GpioLine? Gpio { get; set; }

    /// <summary>Bias on the GPIO line; <c>none</c> means an external resistor is fitted.</summary>
    public ButtonPull Pull { get; set; } = ButtonPull.Up;

    /// <summary>Level of the GPIO line while the button is pressed.</summary>
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.Low;

    /// <summary>Kernel input device whose key events are the button.</summary>
    public InputKey? Input { get; set; }
}
