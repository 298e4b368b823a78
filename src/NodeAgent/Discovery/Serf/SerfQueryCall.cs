using System.Threading.Channels;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A <c>query</c>: the first header acknowledges it (no body); every later header carries an ack, a response
/// or the final "done", which Serf sends when the query's timeout ends. Serf has no way to cancel a query,
/// so a caller that stops reading only makes the client drop the rest until "done".
/// </summary>
internal sealed class SerfQueryCall : SerfPendingCall
{
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<SerfQueryRecord> _records;
    private readonly SerfClientOptions _options;
    private readonly Func<string, SerfException> _refused;
    private bool _acked;
    private volatile bool _abandoned;

    public SerfQueryCall(SerfClientOptions options, Func<string, SerfException> refused)
        : base("query")
    {
        _options = options;
        _refused = refused;
        _records = Channel.CreateBounded<SerfQueryRecord>(new BoundedChannelOptions(options.MaxQueryBacklog) { SingleWriter = true, SingleReader = true });
    }

    public Task Acknowledged => _acknowledged.Task;

    public ChannelReader<SerfQueryRecord> Records => _records.Reader;

    public override bool FailsOnMalformedBody => false;

    public override bool OnHeader(string error)
    {
        if (_acked)
        {
            return true;
        }
        _acked = true;
        if (error.Length > 0)
        {
            IsFinished = true;
            _acknowledged.TrySetException(_refused(error));
            _records.Writer.TryComplete(_refused(error));
            return false;
        }
        _acknowledged.TrySetResult();
        return false;
    }

    public override void OnBody(ref MessagePackReader reader)
    {
        var record = SerfRecordDecoder.ReadQueryRecord(ref reader, _options);
        if (record is null)
        {
            IsFinished = true;
            _records.Writer.TryComplete();
            return;
        }
        if (_abandoned || _records.Writer.TryWrite(record))
        {
            return;
        }
        _abandoned = true;
        _records.Writer.TryComplete(new SerfException(
            $"a Serf query got more than {_options.MaxQueryBacklog} acks and responses that were not read; the rest are dropped. " +
            "Read them as they come, or raise SerfClientOptions.MaxQueryBacklog"));
    }

    public override void OnMalformed(SerfException error)
    {
        // A hostile or broken answer from one node is skipped (and logged by the client); the others still count.
    }

    public override void Fail(SerfException error)
    {
        _acknowledged.TrySetException(error);
        _records.Writer.TryComplete(error);
    }

    /// <summary>The caller stopped reading: drop what still comes until "done".</summary>
    public void Abandon()
    {
        _abandoned = true;
        _records.Writer.TryComplete();
    }
}
