using System.Device.Gpio;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// An RGB LED on three GPIO lines (<see cref="RgbLed"/>): the status LED's rhythm in the state's colour. One
/// <see cref="SoftwareBlinker"/> drives all three lines, so a step is one wake-up and the colours never drift apart.
/// </summary>
internal sealed class RgbGpioLed : IExtraOutput
{
    private readonly (GpioController Controller, int Line, RgbColour Primary)[] _lines;
    private readonly PinValue _on;
    private readonly PinValue _off;
    private readonly SoftwareBlinker _blinker;
    private StateView? _shown;
    private volatile int _colour;

    /// <summary>Opens the three lines as outputs, dark.</summary>
    /// <param name="spec">The three lines and their active level.</param>
    /// <param name="chip">The controller of GPIO chip N (shared with the board's other GPIO LEDs and button).</param>
    /// <param name="time">Clock for the blinking.</param>
    /// <exception cref="LedWriteException">A line cannot be opened; none is left open.</exception>
    public RgbGpioLed(RgbLed spec, Func<int, GpioController> chip, TimeProvider time)
    {
        _on = spec.ActiveLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;
        _off = spec.ActiveLevel == ActiveLevel.High ? PinValue.Low : PinValue.High;
        Name = $"gpiochip{spec.Red.Chip} line {spec.Red.Line}, gpiochip{spec.Green.Chip} line {spec.Green.Line}, gpiochip{spec.Blue.Chip} line {spec.Blue.Line}";
        var lines = new List<(GpioController Controller, int Line, RgbColour)>(3);
        try
        {
            foreach (var (line, primary) in (ReadOnlySpan<(GpioLine, RgbColour)>)[(spec.Red, RgbColour.Red), (spec.Green, RgbColour.Green), (spec.Blue, RgbColour.Blue)])
            {
                // Listed before opening: the controller keeps a line open when setting its mode fails.
                lines.Add((chip(line.Chip), line.Line, primary));
                lines[^1].Controller.OpenPin(line.Line, PinMode.Output, _off);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException or GpioOpenException)
        {
            foreach (var (controller, line, _) in lines.Where(l => l.Controller.IsPinOpen(l.Line)))
            {
                controller.ClosePin(line);
            }
            throw new LedWriteException($"RGB LED on {Name}: cannot open its lines as outputs ({e.Message}); check with `gpioinfo` that nothing else holds them", e);
        }
        _lines = [.. lines];
        _blinker = new SoftwareBlinker(time, lit => Write(lit ? (RgbColour)_colour : RgbColour.Off));
    }

    public ExtraOutputs Kind => ExtraOutputs.Rgb;

    public string Name { get; }

    public string Showing => _shown?.Describe() ?? "dark";

    public void Show(StateView view)
    {
        if (_shown is { } shown && shown.Pattern == view.Pattern && shown.Colour == view.Colour)
        {
            return;
        }
        _shown = view;
        _colour = (int)view.Colour;
        _blinker.Play(view.Pattern);
    }

    private void Write(RgbColour colour)
    {
        foreach (var (controller, line, primary) in _lines)
        {
            controller.Write(line, (colour & primary) != 0 ? _on : _off);
        }
    }

    public void Dispose()
    {
        _blinker.Dispose();
        Write(RgbColour.Off);
        foreach (var (controller, line, _) in _lines)
        {
            controller.ClosePin(line);
        }
    }
}
