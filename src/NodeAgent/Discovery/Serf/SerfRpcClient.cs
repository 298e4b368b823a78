using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MessagePack;
using Microsoft.Extensions.Logging.Abstractions;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A client of one Serf agent's RPC port (<c>serf agent -rpc-addr=</c>), the way hashicorp/serf's
/// <c>client/rpc_client.go</c> is: msgpack objects back to back over TCP, a request header
/// <c>{Command, Seq}</c> and optional body, a response header <c>{Seq, Error}</c> and optional body.
/// One reader loop reads everything and hands it to the request with the same Seq, because stream and
/// query records interleave with replies to other requests.
/// <para>
/// Calls may run concurrently. When the connection ends, every pending call fails with a
/// <see cref="SerfException"/> that says why, and <see cref="Closed"/> completes; the client cannot
/// reconnect: dispose it and connect a new one (with backoff, in the discovery service).
/// </para>
/// </summary>
internal sealed partial class SerfRpcClient : ISerfClient
{
    /// <summary>The agent's answer to any command before <c>auth</c> when it has an RPC auth key.</summary>
    internal const string AuthRequiredError = "Authentication required";

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SerfFrameReader _frames;
    private readonly SerfClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, SerfPendingCall> _pending = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<SerfException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _readLoop;
    private SerfException? _closeReason;
    private long _lastSeq = -1;

    private SerfRpcClient(Socket socket, IPEndPoint endpoint, SerfClientOptions options, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _frames = new SerfFrameReader(_stream, options.MaxObjectBytes, options.MaxDepth);
        _options = options;
        _logger = logger;
        Endpoint = endpoint;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The agent's RPC address.</summary>
    public IPEndPoint Endpoint { get; }

    /// <inheritdoc />
    public Task<SerfException> Closed => _closed.Task;

    private string Agent => Endpoint.ToString();

    /// <summary>
    /// Connects to the agent's RPC address, performs the handshake, and authenticates when
    /// <paramref name="authKey"/> is given (the agent's <c>-rpc-auth</c>).
    /// </summary>
    /// <exception cref="SerfException">No agent answers there, it refused the handshake or the key, or it is not a Serf agent.</exception>
    public static async Task<SerfRpcClient> ConnectAsync(
        IPEndPoint endpoint,
        string? authKey = null,
        SerfClientOptions? options = null,
        ILogger<SerfRpcClient>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= SerfClientOptions.Default;
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new SerfException(ConnectFailure(endpoint, e), e);
        }
        var client = new SerfRpcClient(socket, endpoint, options, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            await client.CallAsync("handshake", static (ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(1);
                w.Write("Version");
                w.Write(1);
            }, null, bodyOnError: false, noBody: true, cancellationToken, options.ConnectTimeout).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(authKey))
            {
                await client.CallAsync("auth", (ref MessagePackWriter w) =>
                {
                    w.WriteMapHeader(1);
                    w.Write("AuthKey");
                    w.Write(authKey);
                }, null, bodyOnError: false, noBody: true, cancellationToken, options.ConnectTimeout).ConfigureAwait(false);
            }
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        Log.Connected(client._logger, client.Agent);
        return client;
    }

    private static string ConnectFailure(IPEndPoint endpoint, Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            $"no Serf agent is listening at {endpoint} (connection refused); is `serf agent` running with -rpc-addr={endpoint}?",
        SocketException s => $"cannot reach the Serf agent at {endpoint}: {s.Message}; check the RPC address and that `serf agent` is running",
        _ => $"nothing at {endpoint} accepted the connection in time; is the address right and `serf agent` running?",
    };

    /// <summary>Sends <paramref name="command"/> and waits for its reply; internal so tests can send what the product never does.</summary>
    internal Task CallAsync(string command, SerfBodyWriter? body, CancellationToken cancellationToken) =>
        CallAsync(command, body, null, bodyOnError: false, noBody: true, cancellationToken);

    private async Task<T> CallAsync<T>(
        string command, SerfBodyWriter? body, SerfBodyReader<T>? reply, bool bodyOnError, T noBody, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var call = new SerfReplyCall<T>(command, reply, bodyOnError, noBody, error => Refused(command, error));
        await SendAsync(command, body, call).ConfigureAwait(false);
        return await WaitAsync(call.Result, command, cancellationToken, timeout).ConfigureAwait(false);
    }

    /// <summary>Registers <paramref name="call"/> under a new Seq, then writes the request; returns the Seq.</summary>
    private async Task<ulong> SendAsync(string command, SerfBodyWriter? body, SerfPendingCall call)
    {
        var seq = (ulong)Interlocked.Increment(ref _lastSeq);
        var buffer = new ArrayBufferWriter<byte>(128);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.Write("Command");
        writer.Write(command);
        writer.Write("Seq");
        writer.Write(seq);
        body?.Invoke(ref writer);
        writer.Flush();
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                throw Again(_closeReason);
            }
            // Registered before the write: the reply can arrive before WriteAsync returns.
            _pending.Add(seq, call);
        }
        // One request at a time on the wire, and never cancelled half-written (that would leave the agent
        // reading the next request from the middle of this one): the write itself is small and local.
        // A failed write fails the call through Close, which fails every registered call.
        var entered = false;
        try
        {
            await _writeLock.WaitAsync(_shutdown.Token).ConfigureAwait(false);
            entered = true;
            await _stream.WriteAsync(buffer.WrittenMemory, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(e is OperationCanceledException or ObjectDisposedException ? Disposed() : Lost(e.Message, e));
        }
        finally
        {
            if (entered)
            {
                _writeLock.Release();
            }
        }
        return seq;
    }

    /// <summary>Waits for a reply, turning the request timeout into a message that says what to check.</summary>
    private async Task<T> WaitAsync<T>(Task<T> reply, string command, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        await WaitAsync((Task)reply, command, cancellationToken, timeout).ConfigureAwait(false);
        return await reply.ConfigureAwait(false);
    }

    private async Task WaitAsync(Task reply, string command, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var limit = timeout ?? _options.RequestTimeout;
        try
        {
            await reply.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new SerfException(
                $"the Serf agent at {Agent} did not answer `{command}` within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; " +
                $"is it overloaded or stuck? (`serf members -rpc-addr={Agent}` tells)", e);
        }
    }

    /// <summary>Ends the connection once: fails every pending call with <paramref name="reason"/> and completes <see cref="Closed"/>.</summary>
    private void Close(SerfException reason)
    {
        SerfPendingCall[] pending;
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return;
            }
            _closeReason = reason;
            pending = [.. _pending.Values];
            _pending.Clear();
        }
        _socket.Dispose();
        // Closed first: a caller whose call fails below can already see why and that the client is done.
        _closed.TrySetResult(reason);
        foreach (var call in pending)
        {
            call.Fail(Again(reason));
        }
        Log.Closed(_logger, Agent, reason.Message);
    }

    /// <summary>A fresh exception per caller: one instance thrown on several threads would mix their stack traces.</summary>
    private static SerfException Again(SerfException reason) => new(reason.Message, reason.InnerException ?? reason) { AgentError = reason.AgentError };

    private SerfException Refused(string command, string error) => error switch
    {
        AuthRequiredError => new SerfException($"the Serf agent at {Agent} requires an RPC auth key (`-rpc-auth`); give the same key to this client") { AgentError = error },
        "Invalid authentication token" => new SerfException($"the Serf agent at {Agent} rejected the RPC auth key; use the agent's `-rpc-auth` value") { AgentError = error },
        _ => new SerfException($"the Serf agent at {Agent} refused `{command}`: {error}") { AgentError = error },
    };

    private SerfException Lost(string cause, Exception? inner = null) =>
        new($"the Serf agent at {Agent} closed the connection: {cause}; is `serf agent` running (with -rpc-addr={Agent})?", inner ?? new IOException(cause));

    private SerfException Disposed() => new($"the connection to the Serf agent at {Agent} was closed by this client (disposed)");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Close(Disposed());
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        // _shutdown and _writeLock stay undisposed: a call racing with DisposeAsync may still touch them,
        // and neither holds an OS handle (no WaitHandle was asked for).
    }
}
