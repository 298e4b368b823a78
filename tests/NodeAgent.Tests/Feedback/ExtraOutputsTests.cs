using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

/// <summary>
/// The extras of the Pi 4 profile (RGB on lines 22-24, WS2812 on spidev0.0, SSD1306 on i2c-1 at 0x3C) through
/// <see cref="FeedbackDevices"/>: opt-in, missing hardware tolerated, everything dark and released at the end.
/// </summary>
public sealed class ExtraOutputsTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TimerTimeProvider _time = new();
    private readonly SimulatedGpioDriver _chip;
    private readonly List<RecordingSpiDevice> _spi = [];
    private readonly List<RecordingI2cDevice> _i2c = [];
    private static readonly BoardProfile Pi4 = BoardCatalog.LoadDefault().Find("rpi4b")!;

    public ExtraOutputsTests() => _chip = new SimulatedGpioDriver(_time);

    public void Dispose() => _tree.Dispose();

    private static readonly ScreenFacts Facts = new("node-7", "10.1.2.3", 61.5, 23.4);

    private ExtraOptions Options(ExtraOutputs enabled, bool nack = false) => new(
        enabled,
        s => { var d = new RecordingSpiDevice(s, _time); _spi.Add(d); return d; },
        s => { var d = new RecordingI2cDevice(s) { Nack = nack }; _i2c.Add(d); return d; },
        () => Facts);

    private FeedbackDevices Open(ExtraOptions options) =>
        FeedbackDevices.Open(Pi4, _tree.Root, _time, _ => new GpioController(_chip), NullLogger.Instance, options);

    private static StateView View(NodeState state) => StateView.Of(new StateVerdict(state, "because"));

    [Fact]
    public void ExtrasInTheProfileAreLeftAloneUnlessTheOwnerListsThem()
    {
        using var devices = Open(Options(ExtraOutputs.None));
        Assert.Empty(devices.Extras);
        // Only the button's line 17: nothing on 22-24, no SPI or I²C device even opened.
        Assert.Equal([17], _chip.OpenLines);
        Assert.Empty(_spi);
        Assert.Empty(_i2c);
        Assert.DoesNotContain(devices.Missing, m => m.Contains("rgb", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRgbLedPlaysTheStatusRhythmInTheStatesColour()
    {
        using var devices = Open(Options(ExtraOutputs.Rgb));
        var rgb = Assert.Single(devices.Extras);
        Assert.Equal("gpiochip0 line 22, gpiochip0 line 23, gpiochip0 line 24", rgb.Name);
        rgb.Show(View(NodeState.Healthy));
        _time.Advance(TimeSpan.FromMilliseconds(1259));
        // Healthy: a green heartbeat (70 on, 245 off, 70 on, 875 off); red and blue never lit.
        Assert.Equal(
            [(PinValue.Low, TimeSpan.Zero), (PinValue.High, TimeSpan.Zero), (PinValue.Low, TimeSpan.FromMilliseconds(70)),
             (PinValue.High, TimeSpan.FromMilliseconds(315)), (PinValue.Low, TimeSpan.FromMilliseconds(385))],
            _chip.Changes(23));
        Assert.All(_chip.Changes(22).Concat(_chip.Changes(24)), c => Assert.Equal(PinValue.Low, c.Value));
        Assert.Equal("heartbeat green", rgb.Showing);

        // Identify: white at 2 Hz, the three lines switched together.
        var start = _time.Elapsed;
        rgb.Show(View(NodeState.Identify));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        foreach (var line in new[] { 22, 23, 24 })
        {
            var rising = _chip.Changes(line).Where(c => c.At >= start && c.Value == PinValue.High).Select(c => c.At - start);
            Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(500)], rising);
        }
    }

    [Fact]
    public void TheRgbLedIsDarkAndReleasedAtStop()
    {
        var devices = Open(Options(ExtraOutputs.Rgb));
        devices.Extras[0].Show(View(NodeState.Critical));
        devices.Dispose();
        Assert.Equal(PinValue.Low, _chip.Changes(22)[^1].Value);
        Assert.Empty(_chip.OpenLines);
    }

    [Fact]
    public void AnRgbLineHeldElsewhereLeavesTheOthersClosedAndIsListedAsMissing()
    {
        _chip.Unsupported.Add(PinMode.Output);
        using var devices = Open(Options(ExtraOutputs.Rgb));
        Assert.Empty(devices.Extras);
        Assert.Contains(devices.Missing, m => m.StartsWith("rgb: RGB LED on gpiochip0 line 22", StringComparison.Ordinal));
        Assert.Equal([17], _chip.OpenLines);
    }

    [Fact]
    public void MissingBusesAreNotErrorsAndSaySoOnce()
    {
        // The real openers on a host without /dev/spidev0.0 and /dev/i2c-1.
        var options = ExtraOptions.Real(ExtraOutputs.Ws2812 | ExtraOutputs.Ssd1306, _tree.Root, () => Facts);
        using var devices = Open(options);
        Assert.Empty(devices.Extras);
        Assert.Contains("ws2812: /dev/spidev0.0 does not exist; enable SPI (dtparam=spi=on in config.txt) and reboot", devices.Missing);
        Assert.Contains("ssd1306: /dev/i2c-1 does not exist; enable I²C (dtparam=i2c_arm=on in config.txt) and reboot", devices.Missing);
    }

    [Fact]
    public void ADisplayThatDoesNotAnswerIsMissingAndItsBusClosed()
    {
        using var devices = Open(Options(ExtraOutputs.Ssd1306, nack: true));
        Assert.Empty(devices.Extras);
        var missing = Assert.Single(devices.Missing, m => m.StartsWith("ssd1306:", StringComparison.Ordinal));
        Assert.Contains("SSD1306 display on /dev/i2c-1 address 0x3C: no answer (Error 121", missing, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -y 1", missing, StringComparison.Ordinal);
        Assert.True(_i2c.Single().Disposed);
        Assert.Equal(new I2cConnectionSettings(1, 0x3C), _i2c.Single().ConnectionSettings);
    }

    [Fact]
    public void AllThreeOpenInProfileOrderAndAreClearedAtStop()
    {
        var devices = Open(Options(ExtraOutputs.Rgb | ExtraOutputs.Ws2812 | ExtraOutputs.Ssd1306));
        Assert.Equal([ExtraOutputs.Rgb, ExtraOutputs.Ws2812, ExtraOutputs.Ssd1306], devices.Extras.Select(e => e.Kind));
        Assert.Equal("/dev/spidev0.0, 8 LEDs", devices.Extras[1].Name);
        Assert.Equal("/dev/i2c-1 address 0x3C", devices.Extras[2].Name);
        foreach (var extra in devices.Extras)
        {
            extra.Show(View(NodeState.Healthy));
        }
        devices.Dispose();
        Assert.True(_spi.Single().Disposed);
        Assert.All(_spi.Single().Writes[^1].Bytes, b => Assert.True(b is 0x92 or 0x49 or 0x24 or 0, "the last frame is all dark"));
        Assert.Equal(new byte[] { 0x00, 0xAE }, _i2c.Single().Writes[^1]);
        Assert.True(_i2c.Single().Disposed);
        Assert.Empty(_chip.OpenLines);
    }

    [Fact]
    public void TheSpiDeviceIsOpenedForTheWs2812Timing()
    {
        using var devices = Open(Options(ExtraOutputs.Ws2812));
        var settings = _spi.Single().ConnectionSettings;
        Assert.Equal((0, 0, 2_400_000, SpiMode.Mode0, 8), (settings.BusId, settings.ChipSelectLine, settings.ClockFrequency, settings.Mode, settings.DataBitLength));
    }

    private sealed class Conditions : INodeConditionsSource
    {
        public NodeConditions Now { get; set; } = new() { NetworkUp = true };

        public NodeConditions Current() => Now;

        public bool? NetworkUp() => Now.NetworkUp;
    }

    [Fact]
    public void TheServiceShowsEveryStateChangeOnTheExtrasAndListsThem()
    {
        var conditions = new Conditions();
        using var devices = Open(Options(ExtraOutputs.Rgb | ExtraOutputs.Ws2812 | ExtraOutputs.Ssd1306));
        using var service = new FeedbackService(devices, BoardCatalog.LoadDefault(), new BoardChoice(Pi4, "configured"), conditions,
            new FeedbackOptions(), _time, NullLogger<FeedbackService>.Instance);
        var status = service.RefreshNow();
        Assert.Equal(
            [new("rgb", "gpiochip0 line 22, gpiochip0 line 23, gpiochip0 line 24", "heartbeat green"),
             new("ws2812", "/dev/spidev0.0, 8 LEDs", "heartbeat green"),
             new Contracts.FeedbackExtra("ssd1306", "/dev/i2c-1 address 0x3C", "status screen (healthy)")],
            status.Extras);
        var screenWrites = _i2c.Single().Writes.Count;

        conditions.Now = new NodeConditions { NetworkUp = false };
        status = service.RefreshNow();
        Assert.Equal(["single-flash yellow", "single-flash yellow", "status screen (no-network)"], status.Extras!.Select(e => e.Showing));
        Assert.Equal(screenWrites + 2, _i2c.Single().Writes.Count);
        Assert.Equal(PinValue.High, _chip.Changes(22)[^1].Value);

        // A display that stops answering is marked failed; the others go on.
        _i2c.Single().Nack = true;
        conditions.Now = new NodeConditions { NetworkUp = true };
        status = service.RefreshNow();
        Assert.Equal("failed (see the log): status screen (no-network)", status.Extras![2].Showing);
        Assert.Equal("heartbeat green", status.Extras[0].Showing);

        var printed = new StringWriter();
        Cli.FeedbackCommand.Print(status, printed);
        Assert.Contains("Extra    ws2812   /dev/spidev0.0, 8 LEDs         heartbeat green", printed.ToString(), StringComparison.Ordinal);
    }
}
