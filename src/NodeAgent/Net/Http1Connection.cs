using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace NodeAgent.Net;

/// <summary>
/// One connection to an HTTP/1.1 server: writes a request, reads the head, and gives buffered reads and
/// bounded CRLF lines to <see cref="Http1BodyReader"/>. Not thread-safe: one exchange at a time, owned by
/// whoever took it from the <see cref="Http1Client"/>. Any exception leaves it unusable: dispose it.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private const int BufferBytes = 16 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _start;
    private int _end;

    private Http1Connection(Socket socket, Http1Endpoint endpoint, Http1ClientOptions options)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Endpoint = endpoint;
        Options = options;
    }

    public Http1Endpoint Endpoint { get; }

    public Http1ClientOptions Options { get; }

    /// <summary>"POST /v3/kv/put": names the exchange in error messages.</summary>
    public string Request { get; private set; } = "the request";

    /// <summary>Bytes of the current answer received so far; 0 means the server sent nothing back.</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>Whether the connection may carry another request once the current answer is read to its end.</summary>
    public bool KeepAlive { get; set; }

    /// <summary>Set after a request was written on this connection: the server may close such an idle connection.</summary>
    public bool Used { get; private set; }

    /// <exception cref="Http1Exception">With <see cref="Http1Failure.Unreachable"/>.</exception>
    public static async Task<Http1Connection> ConnectAsync(Http1Endpoint endpoint, Http1ClientOptions options, CancellationToken cancellationToken)
    {
        var socket = endpoint.CreateSocket();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(endpoint.ToEndPoint(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw Http1Exception.Unreachable(endpoint, e, options.ConnectTimeout);
        }
        return new Http1Connection(socket, endpoint, options);
    }

    /// <summary>Writes the whole request in one piece.</summary>
    public async Task WriteRequestAsync(
        string method, string target, ReadOnlyMemory<byte>? body, string? contentType,
        IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        Request = $"{method} {target}";
        // A line break in any of these would let a caller's data forge a second request (request splitting).
        if (HasLineBreak(method) || HasLineBreak(target) || HasLineBreak(contentType)
            || headers?.Any(h => HasLineBreak(h.Key) || HasLineBreak(h.Value)) == true)
        {
            throw new ArgumentException($"the request {Printable(Request)} has a line break in its method, target, content type or a header");
        }
        ResponseBytes = 0;
        Used = true;
        var head = new StringBuilder(256)
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(Endpoint.HostHeader).Append("\r\n");
        if (body is { } b)
        {
            if (contentType is not null)
            {
                head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            }
            head.Append("Content-Length: ").Append(b.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        foreach (var (name, value) in headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        var text = head.ToString();
        var length = Encoding.ASCII.GetByteCount(text);
        var bytes = new byte[length + (body?.Length ?? 0)];
        Encoding.ASCII.GetBytes(text, bytes);
        body?.Span.CopyTo(bytes.AsSpan(length));
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the status line and headers, skipping interim 1xx answers.</summary>
    public async Task<Http1ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var budget = Options.MaxHeaderBytes;
            var statusLine = await ReadLineAsync(budget, HeadTooLong("headers"), HeadLimit, cancellationToken).ConfigureAwait(false);
            budget -= statusLine.Length + 2;
            var (minor, status, reason) = ParseStatusLine(statusLine);
            var headers = await ReadFieldsAsync(budget, "headers", cancellationToken).ConfigureAwait(false);
            if (status is >= 100 and <= 199 && status != 101)
            {
                continue;
            }
            return Frame(minor, status, reason, headers);
        }
    }

    /// <summary>Reads header or trailer lines up to the empty line, within the byte and count limits.</summary>
    public async Task<List<KeyValuePair<string, string>>> ReadFieldsAsync(int budget, string what, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await ReadLineAsync(budget, HeadTooLong(what), HeadLimit, cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
            {
                return fields;
            }
            budget -= line.Length + 2;
            if (fields.Count == Options.MaxHeaderCount)
            {
                throw TooLarge($"more than {Options.MaxHeaderCount} {what}", "Http1ClientOptions.MaxHeaderCount");
            }
            var text = Encoding.Latin1.GetString(line.Span);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || text[0] is ' ' or '\t' || text.AsSpan(0, colon).ContainsAny(' ', '\t'))
            {
                throw Malformed($"bad header line '{Printable(text)}'");
            }
            fields.Add(new(text[..colon], text[(colon + 1)..].Trim(' ', '\t')));
        }
    }

    private (int Minor, int Status, string Reason) ParseStatusLine(ReadOnlyMemory<byte> line)
    {
        var text = Encoding.Latin1.GetString(line.Span);
        var parts = text.Split(' ', 3);
        if (parts.Length < 2 || parts[0] is not ("HTTP/1.1" or "HTTP/1.0") || parts[1].Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
        {
            throw Malformed($"bad status line '{Printable(text)}'");
        }
        return (parts[0][^1] - '0', status, parts.Length == 3 ? parts[2] : "");
    }

    private Http1ResponseHead Frame(int minor, int status, string reason, List<KeyValuePair<string, string>> headers)
    {
        long? length = null;
        var chunked = false;
        var close = minor == 0;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (length is { } seen && seen != n))
                {
                    throw Malformed($"bad Content-Length '{Printable(value)}'");
                }
                length = n;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // Only chunked is spoken: this client never asks for compression (no Accept-Encoding / TE).
                if (!value.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    throw Malformed($"unsupported Transfer-Encoding '{Printable(value)}'");
                }
                chunked = true;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Contains("close", StringComparison.OrdinalIgnoreCase)
                    || (close && !value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase));
            }
        }
        // Both framings at once is how request smuggling starts: chunked wins (RFC 9112 §6.3), and the connection is not reused.
        var keepAlive = !close && !(chunked && length is not null) && (chunked || length is not null || status is 204 or 304);
        return new Http1ResponseHead(status, reason, headers, chunked ? null : length, chunked, keepAlive);
    }

    /// <summary>One line ending in LF (CR before it dropped); the memory is valid until the next read.</summary>
    /// <exception cref="Http1Exception">No LF within <paramref name="max"/> bytes: <paramref name="tooLong"/> names what was too long.</exception>
    /// <exception cref="EndOfStreamException">The server closed the connection first.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(int max, string tooLong, string limitName, CancellationToken cancellationToken)
    {
        var limit = Math.Min(max, BufferBytes);
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0 && scanned + newline <= limit)
            {
                var length = scanned + newline;
                var line = _buffer.AsMemory(_start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += length + 1;
                return line;
            }
            scanned = _end - _start;
            if (scanned >= limit)
            {
                throw max <= BufferBytes ? TooLarge(tooLong, limitName) : TooLarge($"a line over {BufferBytes} bytes", "16 KB per line of a head");
            }
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException();
            }
        }
    }

    /// <summary>Copies buffered bytes, or reads from the socket; 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            if (destination.Length >= BufferBytes)
            {
                var direct = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
                ResponseBytes += direct;
                return direct;
            }
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return 0;
            }
        }
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    private async ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += n;
        ResponseBytes += n;
        return n;
    }

    private const string HeadLimit = "Http1ClientOptions.MaxHeaderBytes";

    private string HeadTooLong(string what) => $"{what} over {Options.MaxHeaderBytes.ToString(CultureInfo.InvariantCulture)} bytes";

    private static bool HasLineBreak(string? text) => text is not null && text.AsSpan().ContainsAny('\r', '\n', '\0');

    /// <summary>The failure an I/O exception of this connection means, or null when <paramref name="e"/> is not one.</summary>
    public Http1Exception? Translate(Exception e) => e switch
    {
        Http1Exception h => h,
        EndOfStreamException or IOException or SocketException or ObjectDisposedException => Http1Exception.Lost(Endpoint, Request, e),
        _ => null,
    };

    public Http1Exception Malformed(string detail) => Http1Exception.Malformed(Endpoint, Request, detail);

    public Http1Exception TooLarge(string detail, string limit) => Http1Exception.TooLarge(Endpoint, Request, detail, limit);

    /// <summary>Server text quoted in a message: at most 80 characters, control characters shown as '?'.</summary>
    public static string Printable(string text)
    {
        var cut = text.Length > 80 ? text[..80] + "…" : text;
        return string.Create(cut.Length, cut, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
