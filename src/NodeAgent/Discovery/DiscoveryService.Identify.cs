using System.Text;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

internal sealed partial class DiscoveryService
{
    /// <summary>The user event that asks one node to identify itself (payload: its node id, 32 hex digits).</summary>
    public const string IdentifyEventName = "nodeagent-identify";

    private ISerfClient? _session;
    private int _announceAgain;

    /// <summary>Another node (or this one) asked this node to show itself. Raised on the event loop: keep it short.</summary>
    public event Action? IdentifyAsked;

    /// <summary>
    /// Asks node <paramref name="nodeId"/> to identify itself, through the cloud. Returns false when Serf is not
    /// connected. The event goes to every node; only the one with that id acts on it.
    /// </summary>
    public async Task<bool> AskIdentifyAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (!RecordCodec.NodeIdPattern().IsMatch(nodeId))
        {
            throw new ArgumentException($"'{nodeId}' is not a node id (32 hex digits)", nameof(nodeId));
        }
        if (Volatile.Read(ref _session) is not { } client || !status.IsUp)
        {
            return false;
        }
        try
        {
            await client.UserEventAsync(IdentifyEventName, Encoding.ASCII.GetBytes(nodeId), coalesce: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SerfException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets this node's tags again and tells the cloud (a short press of the button): every other node reads its
    /// records afresh, as after a change.
    /// </summary>
    public void Reannounce()
    {
        Interlocked.Exchange(ref _announceAgain, 1);
        _republish.Writer.TryWrite(true);
    }

    private void OnIdentifyEvent(SerfUserEvent e)
    {
        if (e.Payload.Length == 32 && Encoding.ASCII.GetString(e.Payload) == localNode().Id)
        {
            Log.IdentifyAsked(logger);
            IdentifyAsked?.Invoke();
        }
    }
}
