using System.Device.Spi;
using System.Drawing;
using Iot.Device.Ws28xx;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// A WS2812 strip on SPI MOSI, through Iot.Device.Bindings' <see cref="Ws2812b"/> (each data bit sent as three SPI
/// bits at 2.4 MHz, then a reset gap of zero bytes). The whole strip plays the status LED's rhythm in the state's
/// colour: lit steps fill it, dark steps clear it. The binding is AOT-clean: it needs only System.Drawing's
/// <see cref="Color"/> struct (in the runtime), not System.Drawing.Common or an image library.
/// </summary>
internal sealed class Ws2812Output : IExtraOutput
{
    /// <summary>
    /// Brightness of a lit primary, of 255: a WS2812 at full white draws 60 mA and dazzles in a dark room; an eighth
    /// is plain to see and keeps an 8-LED strip within what a Pi's 5 V pin spares.
    /// </summary>
    public const byte Level = 32;

    /// <summary>SPI clock the three-bits-per-bit encoding is timed for (one data bit = 1.25 µs).</summary>
    public const int ClockHz = 2_400_000;

    private readonly SpiDevice _spi;
    private readonly Ws2812b _strip;
    private readonly SoftwareBlinker _blinker;
    private readonly Lock _lock = new();
    private StateView? _shown;
    private Color _colour;
    private string? _failure;

    /// <summary>Takes <paramref name="spi"/> (opened at <see cref="ClockHz"/>, mode 0, 8 bits) and clears the strip.</summary>
    /// <exception cref="LedWriteException">The first write fails (no SPI device behind the file).</exception>
    public Ws2812Output(SpiDevice spi, Ws2812Strip spec, string name, TimeProvider time)
    {
        _spi = spi;
        _strip = new Ws2812b(spi, spec.Count);
        Name = name;
        try
        {
            Fill(Color.Black);
        }
        catch (IOException e)
        {
            spi.Dispose();
            throw new LedWriteException($"WS2812 strip on {name}: cannot write ({e.Message}); check that SPI is enabled (dtparam=spi=on) and the agent's user is in group 'spi'", e);
        }
        _blinker = new SoftwareBlinker(time, lit => Step(lit));
    }

    public ExtraOutputs Kind => ExtraOutputs.Ws2812;

    public string Name { get; }

    public string Showing => _failure ?? _shown?.Describe() ?? "dark";

    public void Show(StateView view)
    {
        lock (_lock)
        {
            if (_failure is { } failure)
            {
                throw new LedWriteException(failure, null);
            }
            if (_shown is { } shown && shown.Pattern == view.Pattern && shown.Colour == view.Colour)
            {
                return;
            }
            _shown = view;
            _colour = Color.FromArgb(
                (view.Colour & RgbColour.Red) != 0 ? Level : 0,
                (view.Colour & RgbColour.Green) != 0 ? Level : 0,
                (view.Colour & RgbColour.Blue) != 0 ? Level : 0);
        }
        _blinker.Play(view.Pattern);
        if (_failure is { } failed)
        {
            throw new LedWriteException(failed, null);
        }
    }

    /// <summary>A blink step, on the blinker's timer: a failure stops the blinking and is reported by the next <see cref="Show"/>.</summary>
    private void Step(bool lit)
    {
        lock (_lock)
        {
            if (_failure is not null)
            {
                return;
            }
            try
            {
                Fill(lit ? _colour : Color.Black);
            }
            catch (IOException e)
            {
                _failure = $"WS2812 strip on {Name}: write failed ({e.Message}); it stays as it was until the agent restarts";
            }
        }
    }

    private void Fill(Color colour)
    {
        _strip.Image.Clear(colour);
        _strip.Update();
    }

    public void Dispose()
    {
        _blinker.Dispose();
        lock (_lock)
        {
            try
            {
                if (_failure is null)
                {
                    Fill(Color.Black);
                }
            }
            finally
            {
                _spi.Dispose();
            }
        }
    }
}
