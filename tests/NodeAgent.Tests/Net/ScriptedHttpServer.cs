using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeAgent.Tests.Net;

/// <summary>
/// An HTTP server that is really a script: each accepted connection runs <c>handler</c>, which reads requests and
/// writes whatever bytes the test wants (split, malformed, oversized, cut short). Listens on 127.0.0.1 or a Unix socket.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<ScriptedConnection, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    private ScriptedHttpServer(Socket listener, Func<ScriptedConnection, Task> handler)
    {
        _listener = listener;
        _handler = handler;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>"http://127.0.0.1:port" or "unix:/path".</summary>
    public string Url { get; private init; } = "";

    public int Accepted => Volatile.Read(ref _accepted);

    public static ScriptedHttpServer Start(Func<ScriptedConnection, Task> handler)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return new ScriptedHttpServer(listener, handler) { Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}" };
    }

    public static ScriptedHttpServer StartUnix(string path, Func<ScriptedConnection, Task> handler)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        return new ScriptedHttpServer(listener, handler) { Url = $"unix:{path}" };
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add(Task.Run(async () =>
                {
                    using var connection = new ScriptedConnection(socket, _stop.Token);
                    try
                    {
                        await _handler(connection);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException)
                    {
                        // The client went away mid-script, which is what several tests are about.
                    }
                }));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}

/// <summary>One accepted connection of a <see cref="ScriptedHttpServer"/>.</summary>
internal sealed class ScriptedConnection(Socket socket, CancellationToken stop) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly List<byte> _pending = [];

    public CancellationToken Stop { get; } = stop;

    /// <summary>Reads one request (head and Content-Length body); null when the client closed the connection.</summary>
    public async Task<ScriptedRequest?> ReadRequestAsync()
    {
        var headEnd = -1;
        while ((headEnd = IndexOf(_pending, "\r\n\r\n"u8.ToArray())) < 0)
        {
            if (!await FillAsync())
            {
                return null;
            }
        }
        var head = Encoding.ASCII.GetString([.. _pending.GetRange(0, headEnd)]);
        _pending.RemoveRange(0, headEnd + 4);
        var lines = head.Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
        while (_pending.Count < length)
        {
            if (!await FillAsync())
            {
                return null;
            }
        }
        var body = _pending.GetRange(0, length).ToArray();
        _pending.RemoveRange(0, length);
        return new ScriptedRequest(lines[0], headers, body);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, Stop);
        await _stream.FlushAsync(Stop);
    }

    /// <summary>Sends <paramref name="text"/> in pieces of <paramref name="size"/> bytes with a pause between, so the client reads them apart.</summary>
    public async Task SendSplitAsync(string text, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i += size)
        {
            await SendAsync(bytes[i..Math.Min(i + size, bytes.Length)]);
            await Task.Delay(2, Stop);
        }
    }

    /// <summary>Waits until the client closes the connection (or the server stops).</summary>
    public async Task WaitForCloseAsync()
    {
        while (await FillAsync())
        {
        }
    }

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[4096];
        var n = await _stream.ReadAsync(buffer, Stop);
        _pending.AddRange(buffer.AsSpan(0, n));
        return n > 0;
    }

    private static int IndexOf(List<byte> data, byte[] pattern) => data.ToArray().AsSpan().IndexOf(pattern);

    public void Dispose() => _stream.Dispose();
}

internal sealed record ScriptedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
