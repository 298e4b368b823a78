using System.Device.Gpio;
using NodeAgent.Boards;
using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class GpioLedTests
{
    private readonly TimerTimeProvider _time = new();

    private (GpioLed Led, SimulatedGpioDriver Driver) Open(ActiveLevel level = ActiveLevel.High)
    {
        var driver = new SimulatedGpioDriver(_time);
        var controller = new GpioController(driver);
        return (new GpioLed(controller, 0, 18, level, _time), driver);
    }

    private static List<TimeSpan> RisingEdges(SimulatedGpioDriver driver, int line, PinValue on) =>
        [.. driver.Changes(line).Where(c => c.Value == on).Select(c => c.At)];

    [Fact]
    public void IdentifyBlinksAtTwoHertz()
    {
        var (led, driver) = Open();
        led.Show(LedPattern.Blink);
        _time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        var rising = RisingEdges(driver, 18, PinValue.High);
        Assert.Equal(4, rising.Count);
        Assert.All(rising.Zip(rising.Skip(1)), pair => Assert.Equal(TimeSpan.FromMilliseconds(500), pair.Second - pair.First));
        var falling = RisingEdges(driver, 18, PinValue.Low).Where(t => t > TimeSpan.Zero).ToList();
        Assert.Equal(TimeSpan.FromMilliseconds(250), falling[0]);
        Assert.Equal("software", led.Method);
    }

    [Fact]
    public void HeartbeatBeatsTwiceASecondAndAQuarter()
    {
        var (led, driver) = Open();
        led.Show(LedPattern.Heartbeat);
        _time.Advance(TimeSpan.FromMilliseconds(1259));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(315)], RisingEdges(driver, 18, PinValue.High));
    }

    [Fact]
    public void ActiveLowLedsAreLitByALowLevelAndStartDark()
    {
        var (led, driver) = Open(ActiveLevel.Low);
        Assert.Equal(PinValue.High, driver.Changes(18)[0].Value);
        led.Show(LedPattern.Solid);
        Assert.Equal(PinValue.Low, driver.Changes(18)[^1].Value);
        Assert.Equal("gpio level", led.Method);
        Assert.Equal("gpiochip0 line 18", led.Name);
    }

    [Fact]
    public void ASteadyPatternStopsTheBlinking()
    {
        var (led, driver) = Open();
        led.Show(LedPattern.FastBlink);
        _time.Advance(TimeSpan.FromMilliseconds(350));
        led.Show(LedPattern.Off);
        var count = driver.Writes.Count;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(count, driver.Writes.Count);
        Assert.Equal(PinValue.Low, driver.Changes(18)[^1].Value);
    }

    [Fact]
    public void DisposingDarkensAndReleasesTheLine()
    {
        var (led, driver) = Open();
        led.Show(LedPattern.Solid);
        led.Dispose();
        Assert.Equal(PinValue.Low, driver.Changes(18)[^1].Value);
        Assert.Empty(driver.OpenLines);
    }
}
