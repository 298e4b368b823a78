using System.Device.Spi;
using NodeAgent.Boards;
using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public sealed class Ws2812OutputTests : IDisposable
{
    private readonly TimerTimeProvider _time = new();
    private readonly RecordingSpiDevice _spi;

    public Ws2812OutputTests() => _spi = new RecordingSpiDevice(new SpiConnectionSettings(0, 0), _time);

    public void Dispose() => _spi.Dispose();

    // A WS2812 bit is three SPI bits at 2.4 MHz: 0 = 100, 1 = 110. A byte becomes three, most significant bit first.
    // 0x00 = 100 100 100 100 100 100 100 100 = 10010010 01001001 00100100
    private static readonly byte[] Dark = [0x92, 0x49, 0x24];

    // 0x20 (the lit level 32) = 100 100 110 100 100 100 100 100 = 10010011 01001001 00100100
    private static readonly byte[] Lit = [0x93, 0x49, 0x24];

    /// <summary>The stream for <paramref name="count"/> LEDs of one colour: green, red, blue per LED, then the reset gap.</summary>
    private static byte[] Stream(int count, bool green, bool red, bool blue, int resetBytes)
    {
        var pixel = (green ? Lit : Dark).Concat(red ? Lit : Dark).Concat(blue ? Lit : Dark);
        return [.. Enumerable.Repeat(pixel, count).SelectMany(p => p), .. new byte[resetBytes]];
    }

    private Ws2812Output Open(int count = 3) => new(_spi, new Ws2812Strip(0, 0, count), "/dev/spidev0.0, 3 LEDs", _time);

    private static StateView View(NodeState state) => StateView.Of(new StateVerdict(state, "because"));

    private int ResetBytes => _spi.Writes[0].Bytes.Length - 3 * 9;

    [Fact]
    public void TheStripIsClearedWhenOpenedAndEndsWithAResetGapOfAtLeast50Microseconds()
    {
        using var strip = Open();
        // 50 µs at 2.4 MHz is 120 bits: 15 zero bytes at least.
        Assert.True(ResetBytes >= 15, $"reset gap of {ResetBytes} bytes");
        Assert.Equal(Stream(3, false, false, false, ResetBytes), _spi.Writes.Single().Bytes);
    }

    [Fact]
    public void AColourIsSentAsGrbBitsForEveryLed()
    {
        using var strip = Open();
        strip.Show(View(NodeState.NoNetwork)); // yellow: red and green
        Assert.Equal(Stream(3, green: true, red: true, blue: false, ResetBytes), _spi.Writes[^1].Bytes);
        _time.Advance(TimeSpan.FromMilliseconds(2000));
        strip.Show(View(NodeState.PairingWindow)); // solid blue
        Assert.Equal(Stream(3, green: false, red: false, blue: true, ResetBytes), _spi.Writes[^1].Bytes);
        Assert.Equal("solid blue", strip.Showing);
    }

    [Fact]
    public void TheStripFollowsThePatternsTiming()
    {
        using var strip = Open();
        var start = _time.Elapsed;
        strip.Show(View(NodeState.NoDiscovery)); // double flash, yellow: 100 on, 200 off, 100 on, 1600 off
        _time.Advance(TimeSpan.FromMilliseconds(2100));
        var lit = Stream(3, true, true, false, ResetBytes);
        var dark = Stream(3, false, false, false, ResetBytes);
        var writes = _spi.Writes.Skip(1).Select(w => (Lit: w.Bytes.SequenceEqual(lit) ? true : w.Bytes.SequenceEqual(dark) ? false : (bool?)null, Ms: (w.At - start).TotalMilliseconds)).ToList();
        Assert.Equal([(true, 0), (false, 100), (true, 300), (false, 400), (true, 2000), (false, 2100)], writes.Select(w => (w.Lit, w.Ms)).Select(w => ((bool)w.Lit!, w.Ms)));
    }

    [Fact]
    public void AnUnchangedStateWritesNothing()
    {
        using var strip = Open();
        strip.Show(View(NodeState.Critical)); // fast blink, red
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var count = _spi.Writes.Count;
        strip.Show(View(NodeState.Critical));
        Assert.Equal(count, _spi.Writes.Count);
    }

    [Fact]
    public void AFailedWriteStopsTheBlinkingAndIsReportedOnce()
    {
        using var strip = Open();
        strip.Show(View(NodeState.Identify));
        _spi.Fail = true;
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.StartsWith("WS2812 strip on /dev/spidev0.0, 3 LEDs: write failed (Error 5", strip.Showing, StringComparison.Ordinal);
        var e = Assert.Throws<LedWriteException>(() => strip.Show(View(NodeState.Healthy)));
        Assert.Equal(strip.Showing, e.Message);
    }

    [Fact]
    public void ANonExistentDeviceFailsTheOpening()
    {
        _spi.Fail = true;
        var e = Assert.Throws<LedWriteException>(() => Open());
        Assert.Contains("dtparam=spi=on", e.Message, StringComparison.Ordinal);
        Assert.True(_spi.Disposed);
    }

    [Fact]
    public void StoppingClearsTheStripAndClosesTheDevice()
    {
        var strip = Open();
        strip.Show(View(NodeState.PairingWindow));
        strip.Dispose();
        Assert.Equal(Stream(3, false, false, false, ResetBytes), _spi.Writes[^1].Bytes);
        Assert.True(_spi.Disposed);
    }
}
