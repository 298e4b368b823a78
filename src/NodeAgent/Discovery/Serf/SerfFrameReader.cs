namespace NodeAgent.Discovery.Serf;

/// <summary>
/// Cuts a byte stream into whole msgpack objects (see <see cref="MsgPackFrameScanner"/>). Its buffer
/// starts small, grows only as far as <see cref="SerfClientOptions.MaxObjectBytes"/> plus one read, and
/// shrinks back after a large object, so an idle connection holds a few KB.
/// </summary>
internal sealed class SerfFrameReader
{
    private const int InitialBuffer = 16 * 1024;

    private readonly Stream _stream;
    private readonly MsgPackFrameScanner _scanner;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private int _pendingConsume;

    public SerfFrameReader(Stream stream, int maxObjectBytes, int maxDepth)
    {
        _stream = stream;
        _scanner = new MsgPackFrameScanner(maxObjectBytes, maxDepth);
    }

    /// <summary>
    /// The next whole object; valid until the next call. Null when the peer closed the stream between objects.
    /// </summary>
    /// <exception cref="InvalidDataException">Not msgpack, over a limit, or the stream ended inside an object.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        _start += _pendingConsume;
        _pendingConsume = 0;
        while (true)
        {
            if (_scanner.TryScan(_buffer.AsSpan(_start, _end - _start), out var length))
            {
                _scanner.Reset();
                _pendingConsume = length;
                return _buffer.AsMemory(_start, length);
            }
            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return null;
                }
                throw new EndOfStreamException($"the stream ended {_end - _start} bytes into a msgpack object");
            }
            _end += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, and grows or shrinks the buffer for the object being read.</summary>
    private void MakeRoom()
    {
        var unread = _end - _start;
        if (unread == 0 && _buffer.Length > InitialBuffer)
        {
            _buffer = new byte[InitialBuffer];
        }
        else if (_start > 0 && (_end == _buffer.Length || unread == 0))
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }
        else if (_end < _buffer.Length)
        {
            return;
        }
        else
        {
            // Full from the front: the object is larger than the buffer. The scanner has already refused
            // anything that declared more than the limit, so doubling stays below twice the limit.
            var grown = new byte[checked(_buffer.Length * 2)];
            _buffer.AsSpan(_start, unread).CopyTo(grown);
            _buffer = grown;
        }
        _end = unread;
        _start = 0;
    }
}
