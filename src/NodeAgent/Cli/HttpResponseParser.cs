using System.Globalization;
using System.Text;

namespace NodeAgent.Cli;

/// <summary>Splits a complete HTTP/1.1 response into status and body (Content-Length, chunked, or until close).</summary>
internal static class HttpResponseParser
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <exception cref="FormatException">The bytes are not an HTTP/1.1 response.</exception>
    public static (int Status, byte[] Body) Parse(ReadOnlySpan<byte> response)
    {
        var end = response.IndexOf(HeaderEnd);
        if (end < 0)
        {
            throw new FormatException("no end of headers");
        }
        var lines = Encoding.ASCII.GetString(response[..end]).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new FormatException($"bad status line '{lines[0]}'");
        }
        var chunked = false;
        long? length = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"bad header line '{line}'");
            }
            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : throw new FormatException("bad Content-Length");
            }
        }
        var rest = response[(end + HeaderEnd.Length)..];
        if (chunked)
        {
            return (status, Dechunk(rest));
        }
        if (length is { } n)
        {
            return n <= rest.Length ? (status, rest[..(int)n].ToArray()) : throw new FormatException("body shorter than Content-Length");
        }
        return (status, rest.ToArray());
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> data)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                throw new FormatException("truncated chunk size");
            }
            var sizeText = Encoding.ASCII.GetString(data[..lineEnd]).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new FormatException($"bad chunk size '{sizeText}'");
            }
            data = data[(lineEnd + 2)..];
            if (size == 0)
            {
                return body.ToArray();
            }
            if (data.Length < size + 2)
            {
                throw new FormatException("truncated chunk");
            }
            body.Write(data[..size]);
            data = data[(size + 2)..];
        }
    }
}
