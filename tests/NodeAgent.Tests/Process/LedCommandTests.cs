using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Process;

/// <summary>
/// <c>nodeagent led STATE</c> from the published binary, against a tree laid out like a Raspberry Pi 4's
/// <c>/sys/class/leds</c>: the first-boot script's way to show "first boot in progress" before the agent runs. The
/// pattern is left to the kernel's triggers (nothing blinks in software after the process is gone).
/// </summary>
public sealed class LedCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Dictionary<string, string> Environment() => new()
    {
        ["NODEAGENT__NODE__BOARD"] = "rpi4b",
        ["NODEAGENT__RESOURCES__HOSTROOT"] = _tree.Root,
    };

    private void Led(string name, string triggers)
    {
        _tree.Write($"sys/class/leds/{name}/trigger", triggers);
        _tree.Write($"sys/class/leds/{name}/max_brightness", "255\n");
        _tree.Write($"sys/class/leds/{name}/brightness", "0\n");
    }

    [Fact]
    public async Task FirstBootLeavesTheStatusLedOnTheKernelsTimerAndThePowerLedLit()
    {
        Led("ACT", "none [mmc0] timer heartbeat default-on\n");
        Led("PWR", "none timer [default-on] input\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync(Environment(), "led", "first-boot");

        Assert.True(exit == 0, stderr);
        // long-blink: 1.8 s on, 0.2 s off, by the timer trigger, which goes on after the process exits.
        Assert.Equal("timer", _tree.Read("sys/class/leds/ACT/trigger"));
        Assert.Equal("1800", _tree.Read("sys/class/leds/ACT/delay_on"));
        Assert.Equal("200", _tree.Read("sys/class/leds/ACT/delay_off"));
        Assert.Equal("default-on", _tree.Read("sys/class/leds/PWR/trigger"));
        Assert.Equal(
            "first-boot: green status LED ACT: long-blink by timer trigger\nfirst-boot: red power LED PWR: solid by default-on trigger\n",
            stdout);
    }

    [Fact]
    public async Task AnLedWithoutTheTriggersIsLitSteadilyRatherThanBlinkedBySoftware()
    {
        Led("ACT", "[none] input\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync(Environment(), "led", "first-boot");

        Assert.True(exit == 0, stderr);
        Assert.Equal("none", _tree.Read("sys/class/leds/ACT/trigger"));
        Assert.Equal("255", _tree.Read("sys/class/leds/ACT/brightness"));
        Assert.Contains("first-boot: green status LED ACT: steady (its kernel cannot blink long-blink) by brightness\n", stdout, StringComparison.Ordinal);
        Assert.Contains("first-boot: red power LED: none of PWR, led1 is in /sys/class/leds\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownStateChangesNothing()
    {
        Led("ACT", "none [mmc0] timer\n");

        var (exit, _, stderr) = await CliRunner.RunAsync(Environment(), "led", "party");

        Assert.Equal(64, exit);
        Assert.StartsWith("nodeagent: 'party' is not a node state; give one of ", stderr, StringComparison.Ordinal);
        Assert.Contains("first-boot", stderr, StringComparison.Ordinal);
        Assert.Equal("none [mmc0] timer\n", _tree.Read("sys/class/leds/ACT/trigger"));
    }
}
