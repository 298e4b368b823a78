using System.Threading.Channels;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A <c>query</c>: the first header acknowledges it (no body); every later header carries an ack, a response
/// or the final "done", which Serf sends when the query's timeout ends. Serf has no way to cancel a query,
/// so a caller that stops reading only makes the client drop the rest until "done".
/// </summary>
internal sealed class SerfQueryCall : SerfRecordCall<SerfQueryRecord>
{
    private readonly SerfClientOptions _options;
    private volatile bool _abandoned;

    public SerfQueryCall(SerfClientOptions options, Func<string, SerfException> refused)
        : base("query", System.Threading.Channels.Channel.CreateBounded<SerfQueryRecord>(
            new BoundedChannelOptions(options.MaxQueryBacklog) { SingleWriter = true, SingleReader = true }), refused)
    {
        _options = options;
    }

    public ChannelReader<SerfQueryRecord> Records => Channel.Reader;

    public override void OnBody(ref MessagePackReader reader)
    {
        var record = SerfRecordDecoder.ReadQueryRecord(ref reader, _options);
        if (record is null)
        {
            IsFinished = true;
            Channel.Writer.TryComplete();
            return;
        }
        if (_abandoned || Channel.Writer.TryWrite(record))
        {
            return;
        }
        _abandoned = true;
        Channel.Writer.TryComplete(new SerfException(
            $"a Serf query got more than {_options.MaxQueryBacklog} acks and responses that were not read; the rest are dropped. " +
            "Read them as they come, or raise SerfClientOptions.MaxQueryBacklog"));
    }

    /// <summary>The caller stopped reading: drop what still comes until "done".</summary>
    public void Abandon()
    {
        _abandoned = true;
        Channel.Writer.TryComplete();
    }
}
