using System.Collections.Concurrent;
using System.Device.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public class ButtonSourceTests
{
    [Fact]
    public void APullUpButtonIsPressedWhenTheLineGoesLow()
    {
        var driver = new SimulatedGpioDriver(TimeProvider.System);
        using var source = new GpioButtonSource(new GpioController(driver), new GpioLine(0, 17), ButtonPull.Up, ActiveLevel.Low);
        var seen = new List<bool>();
        source.Start(seen.Add);
        driver.Drive(17, PinValue.Low);
        driver.Drive(17, PinValue.High);
        driver.Drive(17, PinValue.Low);
        Assert.Equal([true, false, true], seen);
        Assert.Equal("gpiochip0 line 17", source.Name);
    }

    [Fact]
    public void APullDownButtonIsPressedWhenTheLineGoesHigh()
    {
        var driver = new SimulatedGpioDriver(TimeProvider.System);
        using var source = new GpioButtonSource(new GpioController(driver), new GpioLine(0, 27), ButtonPull.Down, ActiveLevel.High);
        var seen = new List<bool>();
        source.Start(seen.Add);
        driver.Drive(27, PinValue.High);
        driver.Drive(27, PinValue.Low);
        Assert.Equal([true, false], seen);
    }

    [Fact]
    public void WithoutInternalPullsTheErrorSaysToFitAResistor()
    {
        var driver = new SimulatedGpioDriver(TimeProvider.System);
        driver.Unsupported.Add(PinMode.InputPullUp);
        var e = Assert.Throws<InvalidOperationException>(() => new GpioButtonSource(new GpioController(driver), new GpioLine(0, 17), ButtonPull.Up, ActiveLevel.Low));
        Assert.StartsWith("button on gpiochip0 line 17: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("fit an external one and set the board's button \"pull\": \"none\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExternalResistorNeedsNoInternalPull()
    {
        var driver = new SimulatedGpioDriver(TimeProvider.System);
        driver.Unsupported.Add(PinMode.InputPullUp);
        driver.Unsupported.Add(PinMode.InputPullDown);
        using var source = new GpioButtonSource(new GpioController(driver), new GpioLine(0, 17), ButtonPull.None, ActiveLevel.Low);
        var seen = new List<bool>();
        source.Start(seen.Add);
        driver.Drive(17, PinValue.High);
        driver.Drive(17, PinValue.Low);
        Assert.Equal([false, true], seen);
    }

    private static byte[] Records(params InputEvent[] events)
    {
        var bytes = new byte[events.Length * InputEvent.Size];
        for (var i = 0; i < events.Length; i++)
        {
            events[i].WriteTo(bytes.AsSpan(i * InputEvent.Size, InputEvent.Size));
        }
        return bytes;
    }

    [Fact]
    public void InputEventsRoundTripInTheKernelsLayout()
    {
        var bytes = Records(new InputEvent(1, 408, 1));
        Assert.Equal(24, bytes.Length);
        Assert.Equal([1, 0, 0x98, 0x01, 1, 0, 0, 0], bytes[16..]);
        Assert.Equal(new InputEvent(1, 408, 1), InputEvent.Parse(bytes));
        Assert.Equal(new InputEvent(3, 0, -5), InputEvent.Parse(Records(new InputEvent(3, 0, -5))));
    }

    [Fact]
    public async Task AnInputDeviceReportsOnlyItsKeysPressAndRelease()
    {
        using var tree = new TempTree();
        var path = tree.PathOf("event3");
        await File.WriteAllBytesAsync(path, Records(
            new InputEvent(4, 4, 0x1c),         // EV_MSC scan code
            new InputEvent(1, 408, 1),          // KEY_RESTART down
            new InputEvent(0, 0, 0),            // EV_SYN
            new InputEvent(1, 408, 2),          // auto-repeat
            new InputEvent(1, 116, 1),          // another key
            new InputEvent(1, 408, 0),          // KEY_RESTART up
            new InputEvent(0, 0, 0)));
        var seen = new ConcurrentQueue<bool>();
        using var source = new InputEventButtonSource(path, 408, NullLogger.Instance);
        source.Start(seen.Enqueue);
        await source.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([true, false], seen);
        Assert.Equal($"{path} key 408", source.Name);
    }

    [Fact]
    public async Task AnInputDeviceReadThroughAPipeDeliversEventsAsTheyCome()
    {
        using var tree = new TempTree();
        var fifo = tree.PathOf("event0");
        Assert.Equal(0, Mkfifo(fifo, 0x180));
        var seen = new BlockingCollection<bool>();
        using var source = new InputEventButtonSource(fifo, 408, NullLogger.Instance);
        source.Start(seen.Add);
        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            await writer.WriteAsync(Records(new InputEvent(1, 408, 1)));
            await writer.FlushAsync();
            Assert.True(seen.TryTake(out var first, TimeSpan.FromSeconds(10)));
            Assert.True(first);
            // Half a record, then the rest: a short read must not lose or split the event.
            var release = Records(new InputEvent(1, 408, 0));
            await writer.WriteAsync(release.AsMemory(0, 10));
            await writer.FlushAsync();
            await writer.WriteAsync(release.AsMemory(10));
        }
        Assert.True(seen.TryTake(out var second, TimeSpan.FromSeconds(10)));
        Assert.False(second);
        await source.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AMissingDeviceEndsTheSourceWithoutThrowing()
    {
        using var source = new InputEventButtonSource("/nonexistent/dev/input/event9", 408, NullLogger.Instance);
        source.Start(_ => Assert.Fail("no events expected"));
        await source.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int Mkfifo(string path, uint mode);
}
