using System.Threading.Channels;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>
/// Hands every <see cref="CloudChange"/> to each subscriber through its own bounded buffer. A subscriber that
/// falls <see cref="BufferSize"/> changes behind is ended (its reader completes) rather than slowing the view or
/// growing without bound: it reconnects and reads the state again.
/// </summary>
internal sealed class ChangeHub
{
    public const int BufferSize = 256;
    public const int MaxSubscribers = 64;

    private readonly Lock _gate = new();
    private readonly List<Channel<CloudChange>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A new subscription; null when <see cref="MaxSubscribers"/> are already listening.</summary>
    public ChannelReader<CloudChange>? Subscribe()
    {
        var channel = Channel.CreateBounded<CloudChange>(new BoundedChannelOptions(BufferSize) { SingleReader = true, SingleWriter = false });
        lock (_gate)
        {
            if (_subscribers.Count >= MaxSubscribers)
            {
                return null;
            }
            _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<CloudChange> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    public void Publish(CloudChange change)
    {
        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Writer.TryWrite(change))
                {
                    _subscribers[i].Writer.TryComplete(new ChannelClosedException($"more than {BufferSize} changes were not read"));
                    _subscribers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Ends every subscription (at shutdown).</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Writer.TryComplete();
            }
            _subscribers.Clear();
        }
    }
}
