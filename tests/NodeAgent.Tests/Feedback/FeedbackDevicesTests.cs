using System.Device.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public sealed class FeedbackDevicesTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TimerTimeProvider _time = new();
    private static readonly BoardCatalog Catalog = BoardCatalog.LoadDefault();

    public void Dispose() => _tree.Dispose();

    private static GpioController NoChip(int n) => throw new GpioOpenException($"cannot open /dev/gpiochip{n} (simulated: no such chip)", null);

    [Fact]
    public void TheApu2HasItsThreeLedsAndItsInputButton()
    {
        for (var i = 1; i <= 3; i++)
        {
            _tree.Write($"sys/class/leds/apu:green:{i}/trigger", "[none] timer heartbeat default-on\n");
        }
        _tree.Write("proc/bus/input/devices", "N: Name=\"gpio-keys-polled\"\nH: Handlers=kbd event3\n\n");
        using var devices = FeedbackDevices.Open(Catalog.Find("apu2"), _tree.Root, _time, NoChip, NullLogger.Instance);
        Assert.Equal([("apu:green:1", LedRole.Power), ("apu:green:2", LedRole.Status), ("apu:green:3", LedRole.Alert)],
            devices.Leds.Select(l => (l.Led.Name, l.Role)));
        Assert.Equal($"{_tree.PathOf("dev/input/event3")} key 408", devices.Button!.Name);
        Assert.Empty(devices.Missing);
    }

    [Fact]
    public void WhatIsMissingIsListedOneLineEachAndTheRestRuns()
    {
        _tree.Write("sys/class/leds/led0/trigger", "[mmc0] timer\n");
        using var devices = FeedbackDevices.Open(Catalog.Find("rpi4b"), _tree.Root, _time, NoChip, NullLogger.Instance);
        Assert.Equal(["led0"], devices.Leds.Select(l => l.Led.Name));
        Assert.Null(devices.Button);
        Assert.Equal(
            ["red power LED: none of PWR, led1 is in /sys/class/leds",
             "button: cannot open /dev/gpiochip0 (simulated: no such chip)"],
            devices.Missing);
    }

    [Fact]
    public void AnInputButtonWhoseDriverIsNotLoadedIsMissing()
    {
        using var devices = FeedbackDevices.Open(Catalog.Find("apu2"), _tree.Root, _time, NoChip, NullLogger.Instance);
        Assert.Contains("button: no input device named 'gpio-keys-polled' in /proc/bus/input/devices (is its driver loaded?)", devices.Missing);
        Assert.Empty(devices.Leds);
    }

    [Fact]
    public void BoardsWithoutLedsOrButtonSaySo()
    {
        using var devices = FeedbackDevices.Open(Catalog.Find("qemu-x86-64"), _tree.Root, _time, NoChip, NullLogger.Instance);
        Assert.Equal(["running without LEDs: board qemu-x86-64 has none the agent can drive", "running without a button: board qemu-x86-64 has none"], devices.Missing);
    }

    [Fact]
    public void NoBoardMeansNoHardware()
    {
        using var devices = FeedbackDevices.Open(null, _tree.Root, _time, NoChip, NullLogger.Instance);
        Assert.Equal(["no board profile: running without LEDs or button"], devices.Missing);
        Assert.Empty(devices.Leds);
    }

    [Fact]
    public void GpioLedsAndTheButtonShareOneControllerPerChipAndAreReleased()
    {
        var json = BoardCatalogTests.Valid("diy").Replace("\"sysfs\": [\"ACT\"]", "\"gpio\": { \"chip\": 0, \"line\": 18 }", StringComparison.Ordinal);
        var board = BoardCatalog.Load([new BoardFile("x", "diy.json", json)]).Find("diy");
        var driver = new SimulatedGpioDriver(_time);
        var opened = 0;
        var devices = FeedbackDevices.Open(board, _tree.Root, _time, _ => { opened++; return new GpioController(driver); }, NullLogger.Instance);
        Assert.Equal(1, opened);
        Assert.Equal("gpiochip0 line 18", devices.Leds.Single().Led.Name);
        Assert.Equal("gpiochip0 line 17", devices.Button!.Name);
        Assert.Equal([17, 18], driver.OpenLines.Order());
        devices.Dispose();
        Assert.Empty(driver.OpenLines);
    }
}
