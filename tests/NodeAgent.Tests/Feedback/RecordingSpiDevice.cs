using System.Device.Spi;

namespace NodeAgent.Tests.Feedback;

/// <summary>An SPI device in memory, under System.Device.Gpio's own <see cref="SpiDevice"/> seam: records every write with the test clock's time.</summary>
internal sealed class RecordingSpiDevice(SpiConnectionSettings settings, TimeProvider time) : SpiDevice
{
    private readonly Lock _lock = new();
    private readonly List<(byte[] Bytes, TimeSpan At)> _writes = [];

    /// <summary>Throw an <see cref="IOException"/> on the next writes, as a spidev whose controller is gone does.</summary>
    public bool Fail { get; set; }

    public bool Disposed { get; private set; }

    public override SpiConnectionSettings ConnectionSettings => settings;

    public List<(byte[] Bytes, TimeSpan At)> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (Fail)
        {
            throw new IOException("Error 5 performing SPI data transfer (simulated)");
        }
        lock (_lock)
        {
            _writes.Add((buffer.ToArray(), TimeSpan.FromTicks(time.GetTimestamp())));
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override byte ReadByte() => throw new NotSupportedException("a WS2812 strip is write-only");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("a WS2812 strip is write-only");

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("a WS2812 strip is write-only");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
