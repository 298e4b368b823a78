using System.Buffers;
using System.Globalization;
using System.Text;

namespace NodeAgent.Net;

/// <summary>
/// Reads one answer's body off its <see cref="Http1Connection"/>, undoing the framing: Content-Length,
/// chunked (sizes checked, extensions ignored, trailers read within the header limits and dropped),
/// or everything until the server closes. <see cref="Done"/> says the body ended where the framing said.
/// </summary>
internal sealed class Http1BodyReader
{
    private const int MaxChunkLineBytes = 1024;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private readonly Http1Connection _connection;
    private readonly Framing _framing;
    private readonly long _maxBody;
    private long _remaining;
    private long _chunked;
    private bool _firstChunk = true;

    /// <param name="connection">Where the body comes from.</param>
    /// <param name="head">The answer's head, which says how the body is framed.</param>
    /// <param name="noBody">The request was HEAD: no body whatever the head says.</param>
    /// <param name="maxBody">A chunk that would take the body past this is refused as soon as its size is read.</param>
    public Http1BodyReader(Http1Connection connection, Http1ResponseHead head, bool noBody, long maxBody = long.MaxValue)
    {
        _connection = connection;
        _maxBody = maxBody;
        _framing = noBody || head.Status is 204 or 304 ? Framing.None
            : head.Chunked ? Framing.Chunked
            : head.ContentLength is { } length ? Framing.Length
            : Framing.UntilClose;
        _remaining = head.ContentLength ?? 0;
        Done = _framing == Framing.None || (_framing == Framing.Length && _remaining == 0);
    }

    private enum Framing
    {
        None,
        Length,
        Chunked,
        UntilClose,
    }

    /// <summary>The body has been read to its end.</summary>
    public bool Done { get; private set; }

    /// <summary>The declared Content-Length, if the answer is framed by one (checked against limits before reading).</summary>
    public long? DeclaredLength => _framing == Framing.Length ? _remaining : null;

    /// <summary>Reads body bytes; 0 once the body ended.</summary>
    /// <exception cref="EndOfStreamException">The connection closed inside the body.</exception>
    /// <exception cref="Http1Exception">The chunked framing is broken.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (Done || destination.IsEmpty)
        {
            return 0;
        }
        if (_framing == Framing.UntilClose)
        {
            var n = await _connection.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            Done = n == 0;
            return n;
        }
        if (_framing == Framing.Chunked && _remaining == 0)
        {
            await NextChunkAsync(cancellationToken).ConfigureAwait(false);
            if (Done)
            {
                return 0;
            }
        }
        var read = await _connection.ReadAsync(destination[..(int)Math.Min(destination.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException();
        }
        _remaining -= read;
        Done = _framing == Framing.Length && _remaining == 0;
        return read;
    }

    private async ValueTask NextChunkAsync(CancellationToken cancellationToken)
    {
        if (!_firstChunk)
        {
            var end = await _connection.ReadLineAsync(
                MaxChunkLineBytes, "chunk data longer than its declared size", "HTTP/1.1 chunked framing", cancellationToken).ConfigureAwait(false);
            if (end.Length != 0)
            {
                throw _connection.Malformed("chunk data longer than its declared size");
            }
        }
        _firstChunk = false;
        var line = await _connection.ReadLineAsync(
            MaxChunkLineBytes, $"a chunk size line over {MaxChunkLineBytes} bytes", "1 KB per chunk size line", cancellationToken).ConfigureAwait(false);
        var text = Encoding.Latin1.GetString(line.Span);
        var digits = text.AsSpan(0, text.IndexOf(';', StringComparison.Ordinal) is var semi and >= 0 ? semi : text.Length).Trim(" \t");
        // At most 15 hex digits: 16 would overflow into a negative long, and no real chunk is a petabyte.
        if (digits.IsEmpty || digits.Length > 15 || digits.ContainsAnyExcept(HexDigits)
            || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw _connection.Malformed($"bad chunk size '{Http1Connection.Printable(text)}'");
        }
        if (size == 0)
        {
            await _connection.ReadFieldsAsync(_connection.Options.MaxHeaderBytes, "trailers", cancellationToken).ConfigureAwait(false);
            Done = true;
            return;
        }
        if (size > _maxBody - _chunked)
        {
            throw _connection.TooLarge($"a chunk of {size} bytes after {_chunked}", "Http1ClientOptions.MaxBodyBytes");
        }
        _chunked += size;
        _remaining = size;
    }
}
