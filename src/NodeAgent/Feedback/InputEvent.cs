using System.Buffers.Binary;

namespace NodeAgent.Feedback;

/// <summary>
/// One <c>struct input_event</c> from <c>/dev/input/eventN</c> on a 64-bit kernel: a 16-byte timeval, then
/// type (u16), code (u16) and value (s32), little-endian on both x86-64 and arm64. 32-bit builds are not shipped.
/// </summary>
internal readonly record struct InputEvent(ushort Type, ushort Code, int Value)
{
    public const int Size = 24;
    public const ushort KeyEvent = 1;
    public const int Released = 0;
    public const int Pressed = 1;
    public const int Repeated = 2;

    public static InputEvent Parse(ReadOnlySpan<byte> record) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(record[16..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[18..]),
        BinaryPrimitives.ReadInt32LittleEndian(record[20..]));

    /// <summary>Writes the record as the kernel would (time left zero): test fixtures and the simulator use it.</summary>
    public void WriteTo(Span<byte> record)
    {
        record[..16].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(record[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(record[18..], Code);
        BinaryPrimitives.WriteInt32LittleEndian(record[20..], Value);
    }
}
