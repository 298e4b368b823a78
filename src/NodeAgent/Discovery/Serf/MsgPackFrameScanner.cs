using System.Buffers.Binary;
using System.Globalization;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// Finds where one msgpack object ends in a byte stream that has no length prefix (Serf's RPC writes
/// objects back to back). It walks the type headers without recursion and without decoding values,
/// resumes where it stopped when more bytes arrive, and rejects an object as soon as it declares more
/// bytes, elements or nesting than allowed: a hostile peer cannot make the client buffer or recurse
/// without bound (a library's recursive skip would overflow the stack on 100,000 nested arrays).
/// </summary>
internal sealed class MsgPackFrameScanner
{
    private readonly int _maxBytes;
    private readonly long[] _remaining;
    private int _depth;
    private int _position;

    public MsgPackFrameScanner(int maxBytes, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        _maxBytes = maxBytes;
        // Level 0 holds the single top-level object; levels 1..maxDepth are open arrays and maps.
        _remaining = new long[maxDepth + 1];
        Reset();
    }

    /// <summary>Bytes of the current object already walked.</summary>
    public int Scanned => _position;

    /// <summary>Forgets the current object; the next <see cref="TryScan"/> starts a new one at offset 0.</summary>
    public void Reset()
    {
        _depth = 0;
        _position = 0;
        _remaining[0] = 1;
    }

    /// <summary>
    /// Walks <paramref name="data"/> (the bytes of the current object received so far: the same prefix as
    /// the previous call, plus more) and tells whether it holds one whole object.
    /// </summary>
    /// <param name="data">Buffered bytes starting at the object's first byte.</param>
    /// <param name="length">The object's length once complete.</param>
    /// <returns>True when a whole object is buffered; false when more bytes are needed.</returns>
    /// <exception cref="InvalidDataException">The bytes are not msgpack, or exceed a limit.</exception>
    public bool TryScan(ReadOnlySpan<byte> data, out int length)
    {
        while (true)
        {
            while (_depth > 0 && _remaining[_depth] == 0)
            {
                _depth--;
            }
            if (_depth == 0 && _remaining[0] == 0)
            {
                length = _position;
                return true;
            }
            if (!TryReadHeader(data[_position..], out var headerSize, out var payload, out var children))
            {
                length = 0;
                return false;
            }
            var end = (long)_position + headerSize + payload;
            if (end > _maxBytes)
            {
                throw new InvalidDataException(Invariant($"msgpack object larger than the {_maxBytes}-byte limit (a value at offset {_position} declares {payload} bytes)"));
            }
            if (children > _maxBytes - end)
            {
                // Every element takes at least one byte, so a count past the byte limit can never fit.
                throw new InvalidDataException(Invariant($"msgpack container at offset {_position} declares {children} elements, more than the {_maxBytes}-byte limit can hold"));
            }
            if (end > data.Length)
            {
                length = 0;
                return false;
            }
            _remaining[_depth]--;
            _position = (int)end;
            if (children > 0)
            {
                if (_depth + 1 >= _remaining.Length)
                {
                    throw new InvalidDataException(Invariant($"msgpack nesting deeper than {_remaining.Length - 1} levels at offset {_position}"));
                }
                _remaining[++_depth] = children;
            }
        }
    }

    /// <summary>Reads one type header: its size, the bytes of value that follow it, and the child elements it opens.</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> s, out int headerSize, out long payload, out long children)
    {
        headerSize = 1;
        payload = 0;
        children = 0;
        if (s.IsEmpty)
        {
            return false;
        }
        var b = s[0];
        switch (b)
        {
            case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3:
                return true; // fixint, nil, false, true
            case >= 0x80 and <= 0x8f:
                children = 2L * (b & 0x0f);
                return true;
            case >= 0x90 and <= 0x9f:
                children = b & 0x0f;
                return true;
            case >= 0xa0 and <= 0xbf:
                payload = b & 0x1f;
                return true;
            case 0xc1:
                throw new InvalidDataException("byte 0xc1 is never used in msgpack: this is not a msgpack stream");
            case 0xc4 or 0xd9: // bin8, str8
                return TryLength(s, 1, 0, out headerSize, out payload);
            case 0xc5 or 0xda: // bin16, str16
                return TryLength(s, 2, 0, out headerSize, out payload);
            case 0xc6 or 0xdb: // bin32, str32
                return TryLength(s, 4, 0, out headerSize, out payload);
            case 0xc7: // ext8: length, type byte, data
                return TryLength(s, 1, 1, out headerSize, out payload);
            case 0xc8:
                return TryLength(s, 2, 1, out headerSize, out payload);
            case 0xc9:
                return TryLength(s, 4, 1, out headerSize, out payload);
            case 0xca or 0xce or 0xd2: // float32, uint32, int32
                payload = 4;
                return true;
            case 0xcb or 0xcf or 0xd3: // float64, uint64, int64
                payload = 8;
                return true;
            case 0xcc or 0xd0:
                payload = 1;
                return true;
            case 0xcd or 0xd1:
                payload = 2;
                return true;
            case >= 0xd4 and <= 0xd8: // fixext 1, 2, 4, 8, 16 (plus the type byte)
                payload = 1 + (1 << (b - 0xd4));
                return true;
            case 0xdc or 0xde: // array16, map16
                if (!TryLength(s, 2, 0, out headerSize, out children))
                {
                    return false;
                }
                children *= b == 0xde ? 2 : 1;
                return true;
            default: // 0xdd array32, 0xdf map32
                if (!TryLength(s, 4, 0, out headerSize, out children))
                {
                    return false;
                }
                children *= b == 0xdf ? 2 : 1;
                return true;
        }
    }

    private static bool TryLength(ReadOnlySpan<byte> s, int width, int extra, out int headerSize, out long value)
    {
        headerSize = 1 + width;
        value = 0;
        if (s.Length < 1 + width)
        {
            return false;
        }
        value = extra + width switch
        {
            1 => s[1],
            2 => BinaryPrimitives.ReadUInt16BigEndian(s[1..]),
            _ => (long)BinaryPrimitives.ReadUInt32BigEndian(s[1..]),
        };
        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
