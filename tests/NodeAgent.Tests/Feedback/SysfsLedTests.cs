using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public sealed class SysfsLedTests : IDisposable
{
    private const string AllTriggers = "none rc-feedback kbd-scrolllock [mmc0] timer oneshot heartbeat default-on pattern\n";
    private readonly TempTree _tree = new();
    private readonly TimerTimeProvider _time = new();

    private string Leds => _tree.PathOf("sys/class/leds");

    private SysfsLed Led(string triggers = AllTriggers, string name = "ACT", string maxBrightness = "255\n")
    {
        _tree.Write($"sys/class/leds/{name}/trigger", triggers);
        _tree.Write($"sys/class/leds/{name}/max_brightness", maxBrightness);
        _tree.Write($"sys/class/leds/{name}/brightness", "0\n");
        return SysfsLed.Open(Leds, [name], _time)!;
    }

    private string File(string name) => _tree.Read($"sys/class/leds/ACT/{name}");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void ParsesTheTriggerListAndTheCurrentOne()
    {
        var (triggers, current) = SysfsLed.ParseTriggers("[none] timer heartbeat default-on\n");
        Assert.Equal("none", current);
        Assert.Equal(["default-on", "heartbeat", "none", "timer"], triggers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TakesTheFirstNamePresent()
    {
        _tree.Write("sys/class/leds/led0/trigger", "[none] timer\n");
        var led = SysfsLed.Open(Leds, ["ACT", "led0"], _time);
        Assert.Equal("led0", led!.Name);
        Assert.Null(SysfsLed.Open(Leds, ["PWR", "led1"], _time));
    }

    [Fact]
    public void SolidUsesDefaultOn()
    {
        using var led = Led();
        led.Show(LedPattern.Solid);
        Assert.Equal("default-on", File("trigger"));
        Assert.Equal("default-on trigger", led.Method);
    }

    [Fact]
    public void SolidWithoutDefaultOnSetsFullBrightness()
    {
        using var led = Led("[none] timer\n");
        led.Show(LedPattern.Solid);
        Assert.Equal("none", File("trigger"));
        Assert.Equal("255", File("brightness"));
    }

    [Fact]
    public void OffClearsTheTriggerAndTheBrightness()
    {
        using var led = Led();
        led.Show(LedPattern.Solid);
        led.Show(LedPattern.Off);
        Assert.Equal("none", File("trigger"));
        Assert.Equal("0", File("brightness"));
    }

    [Fact]
    public void TwoStepRhythmsUseTheTimerTrigger()
    {
        using var led = Led();
        led.Show(LedPattern.Blink);
        Assert.Equal(("timer", "250", "250"), (File("trigger"), File("delay_on"), File("delay_off")));
        led.Show(LedPattern.SingleFlash);
        Assert.Equal(("timer", "100", "1900"), (File("trigger"), File("delay_on"), File("delay_off")));
        Assert.Equal("timer trigger", led.Method);
    }

    [Fact]
    public void HeartbeatUsesTheKernelsHeartbeat()
    {
        using var led = Led();
        led.Show(LedPattern.Heartbeat);
        Assert.Equal("heartbeat", File("trigger"));
        Assert.Equal("heartbeat trigger", led.Method);
    }

    [Fact]
    public void LongerRhythmsUseThePatternTriggerAsASquareWave()
    {
        using var led = Led();
        led.Show(LedPattern.DoubleFlash);
        Assert.Equal("pattern", File("trigger"));
        Assert.Equal("255 100 255 0 0 200 0 0 255 100 255 0 0 1600 0 0", File("pattern"));
        Assert.Equal("-1", File("repeat"));
    }

    [Fact]
    public void WithoutAFittingTriggerTheAgentBlinksItInSoftware()
    {
        using var led = Led("[none] timer\n", maxBrightness: "1\n");
        led.Show(LedPattern.DoubleFlash);
        Assert.Equal(("none", "software"), (File("trigger"), led.Method));
        var seen = new List<string>();
        for (var ms = 0; ms < 2000; ms += 50)
        {
            seen.Add(File("brightness"));
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
        // 100 on, 200 off, 100 on, 1600 off, sampled every 50 ms.
        Assert.Equal(["1", "1", "0", "0", "0", "0", "1", "1"], seen.Take(8));
        Assert.All(seen.Skip(8), b => Assert.Equal("0", b));
        Assert.Equal("1", File("brightness"));
    }

    [Fact]
    public void ALaterKernelPatternStopsSoftwareBlinking()
    {
        using var led = Led("[none] timer\n");
        led.Show(LedPattern.TripleFlash);
        led.Show(LedPattern.Blink);
        _tree.Write("sys/class/leds/ACT/brightness", "untouched");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("untouched", File("brightness"));
        Assert.Equal("timer", File("trigger"));
    }

    [Fact]
    public void DisposingHandsTheOriginalTriggerBack()
    {
        var led = Led();
        led.Show(LedPattern.Blink);
        led.Dispose();
        Assert.Equal("mmc0", File("trigger"));
    }

    [Fact]
    public void AWriteFailureNamesTheFileAndTheFix()
    {
        using var led = Led();
        System.IO.File.Delete(_tree.PathOf("sys/class/leds/ACT/brightness"));
        Directory.CreateDirectory(_tree.PathOf("sys/class/leds/ACT/brightness"));
        var e = Assert.Throws<LedWriteException>(() => led.Show(LedPattern.Off));
        Assert.StartsWith($"LED ACT: cannot write '0' to {_tree.PathOf("sys/class/leds/ACT/brightness")} (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("the agent needs write access to /sys/class/leds (run it as root, or add a udev rule giving its group the LED files)", e.Message, StringComparison.Ordinal);
    }
}
