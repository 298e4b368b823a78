using System.Device.Gpio;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// An LED on a GPIO line the agent owns. GPIO has no kernel blink triggers, so patterns are played with one
/// timer per LED (<see cref="SoftwareBlinker"/>); steady patterns cost nothing.
/// </summary>
internal sealed class GpioLed : ILed
{
    private readonly GpioController _controller;
    private readonly int _line;
    private readonly PinValue _on;
    private readonly PinValue _off;
    private readonly SoftwareBlinker _blinker;

    /// <summary>Opens <paramref name="line"/> as an output, dark.</summary>
    /// <exception cref="LedWriteException">The line cannot be opened.</exception>
    public GpioLed(GpioController controller, int chip, int line, ActiveLevel activeLevel, TimeProvider time)
    {
        _controller = controller;
        _line = line;
        _on = activeLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;
        _off = activeLevel == ActiveLevel.High ? PinValue.Low : PinValue.High;
        Name = $"gpiochip{chip} line {line}";
        try
        {
            controller.OpenPin(line, PinMode.Output, _off);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LedWriteException($"LED on {Name}: cannot open the line as an output ({e.Message}); check `gpioinfo` that nothing else holds it and that the agent may open /dev/gpiochip{chip}", e);
        }
        _blinker = new SoftwareBlinker(time, lit => _controller.Write(_line, lit ? _on : _off));
    }

    public string Name { get; }

    public string Method { get; private set; } = "untouched";

    public void Show(LedPattern pattern)
    {
        _blinker.Play(pattern);
        Method = pattern.IsSteady ? "gpio level" : "software";
    }

    public void Dispose()
    {
        _blinker.Dispose();
        _controller.Write(_line, _off);
        _controller.ClosePin(_line);
    }
}
