using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NodeAgent.Net;

/// <summary>
/// Where an HTTP/1.1 server listens: a TCP host and port (<c>http://127.0.0.1:2379</c>) or a Unix socket
/// (<c>unix:/run/nodeagent/api.sock</c>). Plain HTTP only: TLS would bring the very code
/// <see cref="Http1Client"/> exists to keep out of the binary.
/// </summary>
internal sealed record Http1Endpoint
{
    private Http1Endpoint(string? host, int port, string? socketPath)
    {
        Host = host;
        Port = port;
        SocketPath = socketPath;
    }

    /// <summary>The TCP host (a name or an address literal); null for a Unix socket.</summary>
    public string? Host { get; }

    /// <summary>The TCP port; 0 for a Unix socket.</summary>
    public int Port { get; }

    /// <summary>The Unix socket's path; null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>A TCP endpoint.</summary>
    public static Http1Endpoint Tcp(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new Http1Endpoint(host, port, null);
    }

    /// <summary>A Unix socket endpoint.</summary>
    public static Http1Endpoint Unix(string socketPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        return new Http1Endpoint(null, 0, socketPath);
    }

    /// <summary>Reads <c>http://host:port</c> (a path, if any, is ignored) or <c>unix:/path</c>.</summary>
    /// <exception cref="FormatException">Anything else, with what to write instead.</exception>
    public static Http1Endpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix:", StringComparison.Ordinal) && text.Length > "unix:".Length)
        {
            return Unix(text["unix:".Length..]);
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException(
                $"'{text}' is not an endpoint this client can use; write http://HOST:PORT (plain HTTP, no TLS) or unix:/path/to.sock");
        }
        return Tcp(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host, uri.Port);
    }

    /// <summary>The value of the Host header: the authority for TCP, "localhost" for a Unix socket.</summary>
    internal string HostHeader => SocketPath is not null ? "localhost"
        : Host!.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    internal Socket CreateSocket()
    {
        if (SocketPath is not null)
        {
            return new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        // An address literal gets a socket of its own family; a name gets a dual-mode socket that can reach either.
        return IPAddress.TryParse(Host, out var address)
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    }

    internal EndPoint ToEndPoint() =>
        SocketPath is not null ? new UnixDomainSocketEndPoint(SocketPath)
        : IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port)
        : new DnsEndPoint(Host!, Port);

    /// <summary><c>http://host:port</c> or <c>unix:/path</c>, as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => SocketPath is not null ? $"unix:{SocketPath}" : $"http://{HostHeader}";
}
