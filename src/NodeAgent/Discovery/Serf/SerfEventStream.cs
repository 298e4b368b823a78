using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// An open <c>stream</c> subscription. Events arrive in <see cref="Events"/> in the agent's order; the stream
/// ends (the channel completes) when it is stopped, and fails with a <see cref="SerfException"/> when the
/// connection ends or the reader falls more than <see cref="SerfClientOptions.MaxStreamBacklog"/> events behind.
/// Disposing stops it at the agent.
/// </summary>
internal sealed class SerfEventStream : IAsyncDisposable
{
    private readonly ISerfClient _client;

    public SerfEventStream(ISerfClient client, ulong seq, ChannelReader<SerfEvent> events)
    {
        _client = client;
        Seq = seq;
        Events = events;
    }

    /// <summary>The Seq of the <c>stream</c> request (what <see cref="ISerfClient.StopStreamAsync"/> takes).</summary>
    public ulong Seq { get; }

    /// <summary>The events as they come.</summary>
    public ChannelReader<SerfEvent> Events { get; }

    /// <summary>Reads events until the stream ends.</summary>
    public async IAsyncEnumerable<SerfEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
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
