using System.Device.I2c;

namespace NodeAgent.Feedback;

/// <summary>
/// A 128×64 SSD1306 OLED on I²C, written with raw controller commands. Why not Iot.Device.Bindings' <c>Ssd1306</c>:
/// in 4.2 it is a <c>GraphicDisplay</c> that draws <c>BitmapImage</c>s, and the only image factory is the SkiaSharp
/// adapter (a native library, unfit for a trimmed AOT binary); text needs it too. The controller's protocol is small:
/// a write starting 0x00 carries commands, one starting 0x40 carries frame bytes.
/// </summary>
internal sealed class Ssd1306Panel : IDisposable
{
    public const int Width = 128;
    public const int Pages = 8;
    public const int FrameBytes = Width * Pages;

    /// <summary>
    /// Power-on set-up for the common 128×64 module with its own charge pump (datasheet §8.9 and the application
    /// note's sequence), display left off until the RAM is cleared.
    /// </summary>
    internal static ReadOnlySpan<byte> InitCommands =>
    [
        0x00, // control byte: commands follow
        0xAE, // display off
        0xD5, 0x80, // clock divide 1, oscillator default
        0xA8, 0x3F, // multiplex ratio 64
        0xD3, 0x00, // display offset 0
        0x40, // start line 0
        0x8D, 0x14, // charge pump on (no external VCC on these modules)
        0x20, 0x00, // horizontal addressing: a frame is one stream of 1024 bytes
        0xA1, // column 127 is SEG0: modules mount the glass rotated
        0xC8, // COM scan from the bottom, likewise
        0xDA, 0x12, // COM pins: alternative configuration (64 rows)
        0x81, 0x8F, // contrast, mid-range
        0xD9, 0xF1, // pre-charge for the internal pump
        0xDB, 0x40, // VCOMH deselect level
        0xA4, // show the RAM
        0xA6, // not inverted
        0x2E, // no scrolling
    ];

    private static ReadOnlySpan<byte> WholeFrame => [0x00, 0x21, 0x00, Width - 1, 0x22, 0x00, Pages - 1];

    private readonly I2cDevice _device;
    private readonly byte[] _shown = new byte[FrameBytes];
    private readonly byte[] _write = new byte[FrameBytes + 1];

    /// <summary>Sets the controller up, clears it and switches it on.</summary>
    /// <exception cref="IOException">Nothing answers at the address (NACK) or the bus is gone.</exception>
    public Ssd1306Panel(I2cDevice device)
    {
        _device = device;
        _device.Write(InitCommands);
        Send(_shown);
        _device.Write([0x00, 0xAF]);
    }

    /// <summary>Shows <paramref name="frame"/> (page by page, 128 column bytes each); false, and no I²C traffic, when unchanged.</summary>
    /// <exception cref="IOException">The write failed.</exception>
    public bool Draw(ReadOnlySpan<byte> frame)
    {
        if (frame.SequenceEqual(_shown))
        {
            return false;
        }
        Send(frame);
        frame.CopyTo(_shown);
        return true;
    }

    private void Send(ReadOnlySpan<byte> frame)
    {
        _device.Write(WholeFrame);
        _write[0] = 0x40;
        frame.CopyTo(_write.AsSpan(1));
        _device.Write(_write);
    }

    /// <summary>Clears the glass and switches it off (a clean stop leaves no stale status), then closes the device.</summary>
    public void Dispose()
    {
        try
        {
            Draw(new byte[FrameBytes]);
            _device.Write([0x00, 0xAE]);
        }
        finally
        {
            _device.Dispose();
        }
    }
}
