using System.Device.Gpio;
using Iot.Device.Button;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// A button on a GPIO line, through Iot.Device.Bindings' <see cref="GpioButton"/>. Only its ButtonDown and ButtonUp
/// events are used: the gestures need two hold thresholds and a test clock, which <see cref="GestureRecognizer"/> has.
/// Its own debounce is off because the recogniser debounces on the agent's clock.
/// </summary>
internal sealed class GpioButtonSource : IButtonSource
{
    private readonly GpioButton _button;

    /// <exception cref="InvalidOperationException">The line cannot be used as this button; the message says how to fix it.</exception>
    public GpioButtonSource(GpioController controller, GpioLine line, ButtonPull pull, ActiveLevel activeLevel)
    {
        Name = $"gpiochip{line.Chip} line {line.Line}";
        try
        {
            // GpioButton reads "pull-up" as "pressed pulls the line low", which is our active-low.
            _button = new GpioButton(line.Line, isPullUp: activeLevel == ActiveLevel.Low, hasExternalResistor: pull == ButtonPull.None,
                gpio: controller, shouldDispose: false, debounceTime: TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var fix = pull == ButtonPull.None
                ? "check `gpioinfo` that nothing else holds the line"
                : "this GPIO driver cannot set the internal pull resistor; fit an external one and set the board's button \"pull\": \"none\"";
            throw new InvalidOperationException($"button on {Name}: {e.Message}; {fix}", e);
        }
    }

    public string Name { get; }

    public void Start(Action<bool> changed)
    {
        _button.ButtonDown += (_, _) => changed(true);
        _button.ButtonUp += (_, _) => changed(false);
    }

    public void Dispose() => _button.Dispose();
}
