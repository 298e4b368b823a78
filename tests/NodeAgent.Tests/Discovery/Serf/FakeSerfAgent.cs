using System.Net;
using System.Net.Sockets;
using MessagePack;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// A scripted stand-in for a Serf agent's RPC port, for what a real agent never sends: malformed replies,
/// replies to nothing, hostile sizes. It answers the handshake itself and hands every other request to the
/// script, which writes whatever bytes it likes back.
/// </summary>
internal sealed class FakeSerfAgent : IAsyncDisposable
{
    /// <summary>Commands whose request carries a body (the others are a header alone).</summary>
    private static readonly HashSet<string> WithBody = ["handshake", "auth", "stream", "stop", "query", "respond", "tags", "event", "join", "members-filtered"];

    private readonly TcpListener _listener;
    private readonly Func<FakeSerfAgent, string, ulong, Task> _script;
    private readonly byte[]? _greeting;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _commands = [];
    private readonly Task _serving;
    private NetworkStream? _stream;

    private FakeSerfAgent(Func<FakeSerfAgent, string, ulong, Task> script, byte[]? greeting)
    {
        _script = script;
        _greeting = greeting;
        _listener = new TcpListener(SerfAgentProcess.NextAddress(), 0);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>A fake that runs <paramref name="script"/> for every request after the handshake.</summary>
    public static FakeSerfAgent Start(Func<FakeSerfAgent, string, ulong, Task> script) => new(script, null);

    /// <summary>A fake that is not Serf: it sends <paramref name="greeting"/> as soon as a client connects.</summary>
    public static FakeSerfAgent StartSpeaking(byte[] greeting) => new((_, _, _) => Task.CompletedTask, greeting);

    public async Task SendAsync(params object?[] objects) =>
        await _stream!.WriteAsync(TestMsgPack.Encode(objects), _stop.Token).ConfigureAwait(false);

    public async Task SendRawAsync(byte[] bytes) => await _stream!.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);

    private async Task ServeAsync()
    {
        try
        {
            using var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket);
            _stream = stream;
            if (_greeting is not null)
            {
                await stream.WriteAsync(_greeting, _stop.Token).ConfigureAwait(false);
            }
            var frames = new SerfFrameReader(stream, 1 << 20, 16);
            while (await frames.ReadFrameAsync(_stop.Token).ConfigureAwait(false) is { } frame)
            {
                var (command, seq) = ReadRequestHeader(frame);
                if (WithBody.Contains(command))
                {
                    _ = await frames.ReadFrameAsync(_stop.Token).ConfigureAwait(false);
                }
                lock (_commands)
                {
                    _commands.Add(command);
                }
                if (command == "handshake")
                {
                    await SendAsync(TestMsgPack.Header(seq)).ConfigureAwait(false);
                }
                else
                {
                    await _script(this, command, seq).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The test is over or the client hung up: the fake has nothing more to say.
        }
    }

    private static (string Command, ulong Seq) ReadRequestHeader(ReadOnlyMemory<byte> frame)
    {
        var reader = new MessagePackReader(frame);
        string command = "";
        ulong seq = 0;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            switch (reader.ReadString())
            {
                case "Command": command = reader.ReadString() ?? ""; break;
                case "Seq": seq = reader.ReadUInt64(); break;
                default: reader.Skip(); break;
            }
        }
        return (command, seq);
    }

    /// <summary>Hangs up on the client.</summary>
    public void Disconnect() => _stream?.Socket.Shutdown(SocketShutdown.Both);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _serving.ConfigureAwait(false);
        _stop.Dispose();
    }
}
