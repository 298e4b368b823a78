using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using NodeAgent.Boards;

namespace NodeAgent.Feedback;

internal sealed partial class FeedbackDevices
{
    /// <summary>The extra outputs the owner fitted that answered.</summary>
    public IReadOnlyList<IExtraOutput> Extras { get; private set; } = [];

    /// <summary>Opens each enabled extra the profile wires; one that is absent or does not answer goes to <paramref name="missing"/>.</summary>
    private void OpenExtras(BoardProfile board, ExtraOptions options, Func<int, GpioController> chip, TimeProvider time, List<string> missing)
    {
        var extras = new List<IExtraOutput>();
        foreach (var (name, kind) in ExtraOutputNames.All.Where(a => (options.Enabled & a.Output) != 0))
        {
            try
            {
                IExtraOutput? output = (kind, board.Extras) switch
                {
                    (ExtraOutputs.Rgb, { Rgb: { } rgb }) => new RgbGpioLed(rgb, chip, time),
                    (ExtraOutputs.Ws2812, { Ws2812: { } strip }) => OpenStrip(strip, options, time),
                    (ExtraOutputs.Ssd1306, { Ssd1306: { } display }) => OpenScreen(display, options),
                    _ => null,
                };
                if (output is null)
                {
                    // The configuration reader refuses this; a board profile replaced since is the only way here.
                    missing.Add($"{name}: board {board.Id} defines no '{name}' extra");
                    continue;
                }
                extras.Add(output);
                _owned.Add(output);
            }
            catch (Exception e) when (e is LedWriteException or GpioOpenException or IOException or UnauthorizedAccessException)
            {
                missing.Add($"{name}: {e.Message}");
            }
        }
        Extras = extras;
    }

    private static Ws2812Output OpenStrip(Ws2812Strip strip, ExtraOptions options, TimeProvider time)
    {
        var name = $"/dev/spidev{strip.SpiBus}.{strip.ChipSelect}, {strip.Count} LEDs";
        var spi = options.OpenSpi(new SpiConnectionSettings(strip.SpiBus, strip.ChipSelect)
        {
            ClockFrequency = Ws2812Output.ClockHz,
            Mode = SpiMode.Mode0,
            DataBitLength = 8,
        });
        return new Ws2812Output(spi, strip, name, time);
    }

    private static StatusScreen OpenScreen(Ssd1306Display display, ExtraOptions options)
    {
        var name = $"/dev/i2c-{display.I2cBus} address 0x{display.Address:X2}";
        var i2c = options.OpenI2c(new I2cConnectionSettings(display.I2cBus, display.Address));
        try
        {
            return new StatusScreen(new Ssd1306Panel(i2c), name, options.Facts);
        }
        catch (IOException e)
        {
            i2c.Dispose();
            throw new LedWriteException($"SSD1306 display on {name}: no answer ({e.Message}); check its wiring and that `i2cdetect -y {display.I2cBus}` lists 0x{display.Address:X2}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "feedback: cannot clear {Device} at stop: {Message}")]
        public static partial void NotCleared(ILogger logger, string device, string message);
    }
}
