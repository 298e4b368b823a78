using System.Device.I2c;

namespace NodeAgent.Tests.Feedback;

/// <summary>An I²C device in memory, under System.Device.Gpio's own <see cref="I2cDevice"/> seam: records every write.</summary>
internal sealed class RecordingI2cDevice(I2cConnectionSettings settings) : I2cDevice
{
    /// <summary>Nothing answers at the address: every write fails as Linux's i2c-dev does on a NACK.</summary>
    public bool Nack { get; set; }

    public bool Disposed { get; private set; }

    public List<byte[]> Writes { get; } = [];

    public override I2cConnectionSettings ConnectionSettings => settings;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (Nack)
        {
            throw new IOException($"Error 121 performing I2C data transfer (simulated NACK at 0x{settings.DeviceAddress:X2})");
        }
        Writes.Add(buffer.ToArray());
    }

    public override void WriteByte(byte value) => Write([value]);

    public override byte ReadByte() => throw new NotSupportedException("the SSD1306 is only written");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("the SSD1306 is only written");

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("the SSD1306 is only written");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
