using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// An open <c>stream</c> subscription. Events come in the agent's order; the stream ends when it is stopped,
/// and fails with a <see cref="SerfException"/> when the connection ends or the reader falls more than
/// <see cref="SerfClientOptions.MaxStreamBacklog"/> events behind. Disposing stops it at the agent.
/// </summary>
internal sealed class SerfEventStream : IAsyncDisposable
{
    private readonly ISerfClient _client;
    private readonly ChannelReader<SerfEvent> _events;

    public SerfEventStream(ISerfClient client, ulong seq, ChannelReader<SerfEvent> events)
    {
        _client = client;
        _events = events;
        Seq = seq;
    }

    /// <summary>The Seq of the <c>stream</c> request (what <see cref="ISerfClient.StopStreamAsync"/> takes).</summary>
    public ulong Seq { get; }

    /// <summary>The next event; null once the stream was stopped.</summary>
    /// <exception cref="SerfException">The connection ended, or the reader fell behind.</exception>
    public async ValueTask<SerfEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        // WaitToReadAsync throws the completion exception itself (ReadAsync would wrap it in ChannelClosedException).
        while (await _events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_events.TryRead(out var e))
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>Reads events until the stream is stopped.</summary>
    /// <exception cref="SerfException">The connection ended, or the reader fell behind.</exception>
    public async IAsyncEnumerable<SerfEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>Stops the stream at the agent, unless the connection is already gone (and the stream with it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.Closed.IsCompleted)
        {
            return;
        }
        try
        {
            await _client.StopStreamAsync(Seq).ConfigureAwait(false);
        }
        catch (SerfException) when (_client.Closed.IsCompleted)
        {
            // The connection closed while stopping: the agent dropped the stream with it.
        }
    }
}
