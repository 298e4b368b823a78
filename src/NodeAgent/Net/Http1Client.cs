namespace NodeAgent.Net;

/// <summary>
/// A small HTTP/1.1 client for one server over TCP or a Unix socket, written by hand because HttpClient
/// brings TLS, proxies and HTTP/2 into the NativeAOT binary (≈1-2 MB) to talk plain HTTP on a local network.
/// <para>
/// <see cref="SendAsync"/> reads a whole answer (any status) and keeps the connection alive for the next
/// request; <see cref="OpenStreamAsync"/> gives a long answer to read line by line on a connection of its own.
/// Everything read is bounded (<see cref="Http1ClientOptions"/>); every failure is an <see cref="Http1Exception"/>
/// naming the server and the request. Safe for concurrent use: each request takes its own connection.
/// </para>
/// </summary>
internal sealed class Http1Client : IDisposable
{
    private readonly Stack<Http1Connection> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public Http1Client(Http1Endpoint endpoint, Http1ClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        Options = options ?? Http1ClientOptions.Default;
    }

    /// <summary>The server.</summary>
    public Http1Endpoint Endpoint { get; }

    /// <summary>Limits and timeouts.</summary>
    public Http1ClientOptions Options { get; }

    /// <summary>
    /// Sends a request and reads its whole answer within <see cref="Http1ClientOptions.RequestTimeout"/>.
    /// A null <paramref name="body"/> sends no body; an empty one sends <c>Content-Length: 0</c>.
    /// When a kept-alive connection turns out closed by the server before any answer byte, the request is
    /// sent once more on a new connection (as HttpClient does; the server cannot have answered the first).
    /// </summary>
    /// <exception cref="Http1Exception">No connection, no complete answer in time, or an answer this client will not read.</exception>
    public async Task<Http1Response> SendAsync(
        string method,
        string target,
        ReadOnlyMemory<byte>? body = null,
        string? contentType = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        while (true)
        {
            var connection = TakeIdle();
            var reused = connection is not null;
            connection ??= await ConnectAsync(timeout.Token, cancellationToken).ConfigureAwait(false);
            var keep = false;
            try
            {
                await connection.WriteRequestAsync(method, target, body, contentType, headers, timeout.Token).ConfigureAwait(false);
                var head = await connection.ReadHeadAsync(timeout.Token).ConfigureAwait(false);
                var reader = new Http1BodyReader(connection, head, noBody: method == "HEAD", Options.MaxBodyBytes);
                var content = await ReadBodyAsync(connection, reader, timeout.Token).ConfigureAwait(false);
                keep = head.KeepAlive && reader.Done;
                return new Http1Response(head, content);
            }
            catch (Exception e) when (reused && connection.ResponseBytes == 0 && !timeout.IsCancellationRequested
                                      && e is IOException or EndOfStreamException or System.Net.Sockets.SocketException)
            {
                // The server closed this idle connection while we were not looking (keep-alive timeout): try a new one.
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Http1Exception.TimedOut(Endpoint, connection.Request, Options.RequestTimeout, e);
            }
            catch (Exception e) when (e is not OperationCanceledException && connection.Translate(e) is { } failure)
            {
                throw failure;
            }
            finally
            {
                if (keep)
                {
                    Release(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Sends a request on a new connection and returns once the answer's head arrived (within
    /// <see cref="Http1ClientOptions.RequestTimeout"/>); the body is then read from the result, for as long as it lasts.
    /// </summary>
    /// <exception cref="Http1Exception">No connection, or no answer head in time.</exception>
    public async Task<Http1StreamingResponse> OpenStreamAsync(
        string method,
        string target,
        ReadOnlyMemory<byte>? body = null,
        string? contentType = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        var connection = await ConnectAsync(timeout.Token, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.WriteRequestAsync(method, target, body, contentType, headers, timeout.Token).ConfigureAwait(false);
            var head = await connection.ReadHeadAsync(timeout.Token).ConfigureAwait(false);
            return new Http1StreamingResponse(connection, head, new Http1BodyReader(connection, head, noBody: method == "HEAD"));
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw Http1Exception.TimedOut(Endpoint, connection.Request, Options.RequestTimeout, e);
            }
            throw e is OperationCanceledException ? e : connection.Translate(e) ?? e;
        }
    }

    private async Task<Http1Connection> ConnectAsync(CancellationToken timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await Http1Connection.ConnectAsync(Endpoint, Options, timeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Http1Exception.Unreachable(Endpoint, e, Options.ConnectTimeout);
        }
    }

    private async Task<byte[]> ReadBodyAsync(Http1Connection connection, Http1BodyReader reader, CancellationToken cancellationToken)
    {
        var max = Options.MaxBodyBytes;
        if (reader.DeclaredLength > max)
        {
            throw connection.TooLarge($"a Content-Length of {reader.DeclaredLength} bytes", "Http1ClientOptions.MaxBodyBytes");
        }
        var buffer = new byte[(int)Math.Min(reader.DeclaredLength ?? 4096, max) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > max)
                {
                    throw connection.TooLarge($"a body over {max} bytes", "Http1ClientOptions.MaxBodyBytes");
                }
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, max + 1L));
            }
            var n = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return buffer.AsSpan(0, length).ToArray();
            }
            length += n;
        }
    }

    private Http1Connection? TakeIdle()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _idle.TryPop(out var connection) ? connection : null;
        }
    }

    private void Release(Http1Connection connection)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < Options.MaxIdleConnections)
            {
                _idle.Push(connection);
                return;
            }
        }
        connection.Dispose();
    }

    /// <summary>Closes the idle connections; streams opened from this client stay open until disposed themselves.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }
}
