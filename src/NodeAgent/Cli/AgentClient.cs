using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary>
/// The CLI's way into a running agent: the agent's own HTTP API over its Unix socket.
/// One request per connection with HTTP/1.1 written by hand: HttpClient would bring TLS, proxies and
/// HTTP/2 into the binary (≈1 MB on a 512 MB board) to talk to a socket on the same machine.
/// Errors come back as <see cref="AgentClientException"/> with a message fit to print.
/// </summary>
internal sealed class AgentClient(string socketPath) : IDisposable
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;

    public string SocketPath { get; } = socketPath;

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync("GET", path, null, type, acceptUnavailable: false, cancellationToken);

    public Task<T> PutAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync("PUT", path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), type, acceptUnavailable: false, cancellationToken);

    public Task<T> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync("POST", path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), type, acceptUnavailable: false, cancellationToken);

    /// <summary>A POST whose path says it all (no body).</summary>
    public Task<T> PostAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync("POST", path, [], type, acceptUnavailable: false, cancellationToken);

    /// <summary><c>/healthz</c> answers 503 with a report when unhealthy: that is an answer, not a failure.</summary>
    public Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "healthz", null, AgentJsonContext.Default.HealthReport, acceptUnavailable: true, cancellationToken);

    /// <summary>A DELETE, answered with no body (204).</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var (status, content) = await ExchangeAsync("DELETE", path, null, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, content, acceptUnavailable: false);
    }

    private async Task<T> SendAsync<T>(string method, string path, byte[]? body, JsonTypeInfo<T> type, bool acceptUnavailable, CancellationToken cancellationToken)
    {
        var (status, content) = await ExchangeAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, content, acceptUnavailable);
        try
        {
            return JsonSerializer.Deserialize(content, type) ?? throw new AgentClientException("the agent sent an empty answer");
        }
        catch (JsonException e)
        {
            throw new AgentClientException($"the agent's answer to {path} is not what this CLI expects (is it another version?): {e.Message}");
        }
    }

    private async Task<(int Status, byte[] Body)> ExchangeAsync(string method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new AgentClientException(e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AddressFamilyNotSupported =>
                    $"no agent is answering on {SocketPath}; start it with `nodeagent run` (or `systemctl start nodeagent`), or point to its socket with --socket",
                SocketError.AccessDenied =>
                    $"not allowed to open {SocketPath}; run as root or as a member of the agent's group",
                _ => $"cannot reach the agent on {SocketPath}: {e.Message}",
            });
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = new StringBuilder()
            .Append(method).Append(" /").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: nodeagent\r\nConnection: close\r\nAccept: application/json\r\n");
        if (body is not null)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        head.Append("\r\n");
        try
        {
            // Head and body in one write: the agent may answer (a refusal) from the head alone and close, and a body
            // written after that would fail with a broken pipe although the answer is waiting to be read.
            var request = Encoding.ASCII.GetBytes(head.ToString());
            if (body is not null)
            {
                request = [.. request, .. body];
            }
            try
            {
                await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (socket.Connected)
            {
                // Answered and closed before taking all of a large body: the answer below says why.
            }
            // Connection: close — the whole answer is what arrives until the agent closes.
            using var received = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                received.Write(buffer, 0, n);
                if (received.Length > MaxResponseBytes)
                {
                    throw new AgentClientException($"the agent's answer to {path} is larger than {MaxResponseBytes} bytes");
                }
            }
            return HttpResponseParser.Parse(received.GetBuffer().AsSpan(0, (int)received.Length));
        }
        catch (IOException e)
        {
            throw new AgentClientException($"the agent on {SocketPath} closed the connection: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new AgentClientException($"the agent on {SocketPath} sent a malformed answer: {e.Message}");
        }
    }

    /// <summary>A refusal becomes the agent's own words (the problem's detail).</summary>
    private static void ThrowUnlessSuccess(int status, byte[] content, bool acceptUnavailable)
    {
        if (status is < 200 or > 299 && !(acceptUnavailable && status == 503))
        {
            throw new AgentClientException(TryReadProblem(content)?.Detail ?? $"the agent answered {status}", rejected: true);
        }
    }

    private static Problem? TryReadProblem(byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, AgentJsonContext.Default.Problem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // Nothing is held between requests; kept disposable so callers need not change if pooling arrives.
    }
}
