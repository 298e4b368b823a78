namespace NodeAgent.Net;

/// <summary>
/// An answer whose body is read as it arrives, for responses that last as long as the server has things to say
/// (etcd's <c>/v3/watch</c>: one JSON object per line for the life of the watch). It owns its connection:
/// disposing it closes the connection, which is how the server learns the reader is gone.
/// Reads have no timeout of their own (a quiet watch is not a dead one): cancel them with the token.
/// </summary>
internal sealed class Http1StreamingResponse : IDisposable
{
    private readonly Http1Connection _connection;
    private readonly Http1BodyReader _body;
    private readonly Http1ResponseHead _head;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private int _scanned;

    internal Http1StreamingResponse(Http1Connection connection, Http1ResponseHead head, Http1BodyReader body)
    {
        _connection = connection;
        _head = head;
        _body = body;
    }

    /// <summary>The server.</summary>
    public Http1Endpoint Endpoint => _connection.Endpoint;

    /// <summary>The status code.</summary>
    public int Status => _head.Status;

    /// <summary>The headers in the order received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _head.Headers;

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name) => _head.GetHeader(name);

    /// <summary>
    /// The next line of the body, without its LF (or CRLF), however the server chunked it; a last line without
    /// LF is returned at the end of the body; null once the body ended. The memory is valid until the next read.
    /// </summary>
    /// <exception cref="Http1Exception">The connection broke or the framing is bad (<see cref="Http1Failure.ConnectionLost"/>,
    /// <see cref="Http1Failure.Malformed"/>), or a line is longer than <see cref="Http1ClientOptions.MaxLineBytes"/>.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        var max = _connection.Options.MaxLineBytes;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0 && _scanned + newline <= max)
            {
                var length = _scanned + newline;
                var line = _buffer.AsMemory(_start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += length + 1;
                _scanned = 0;
                return line;
            }
            _scanned = _end - _start;
            if (_scanned > max || newline >= 0)
            {
                throw _connection.TooLarge($"a line over {max} bytes", "Http1ClientOptions.MaxLineBytes");
            }
            if (_body.Done)
            {
                if (_scanned == 0)
                {
                    return null;
                }
                var last = _buffer.AsMemory(_start, _scanned);
                _start = _end;
                _scanned = 0;
                return last;
            }
            MakeRoom(max + 1);
            _end += await ReadBodyAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rest of the body (for an error answer), within <see cref="Http1ClientOptions.MaxBodyBytes"/>.</summary>
    /// <exception cref="Http1Exception">As for <see cref="ReadLineAsync"/>, or the body is too large.</exception>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var max = _connection.Options.MaxBodyBytes;
        while (!_body.Done)
        {
            if (_end - _start > max)
            {
                throw _connection.TooLarge($"a body over {max} bytes", "Http1ClientOptions.MaxBodyBytes");
            }
            MakeRoom(max + 1);
            _end += await ReadBodyAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        }
        var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = _scanned = 0;
        return rest;
    }

    /// <summary>Moves unread bytes to the front and grows the buffer (up to <paramref name="cap"/>) when it is full.</summary>
    private void MakeRoom(int cap)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Math.Max(_buffer.Length * 2L, 4096), cap));
        }
    }

    private async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            return await _body.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && _connection.Translate(e) is { } failure)
        {
            _connection.Dispose();
            throw failure;
        }
    }

    /// <summary>Closes the connection (and with it the server's side of the stream).</summary>
    public void Dispose() => _connection.Dispose();
}
