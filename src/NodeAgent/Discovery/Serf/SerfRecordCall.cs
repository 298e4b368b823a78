using System.Threading.Channels;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A call answered by a stream of records (<c>stream</c>, <c>query</c>): the first header acknowledges it
/// (no body) or refuses it; every later header carries one record, which goes into a bounded channel.
/// A malformed record is skipped (the client logs it) and the others still arrive.
/// </summary>
internal abstract class SerfRecordCall<T> : SerfPendingCall
{
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, SerfException> _refused;
    private bool _acked;

    protected SerfRecordCall(string command, Channel<T> channel, Func<string, SerfException> refused)
        : base(command)
    {
        Channel = channel;
        _refused = refused;
    }

    public Task Acknowledged => _acknowledged.Task;

    protected Channel<T> Channel { get; }

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
            Channel.Writer.TryComplete(_refused(error));
            return false;
        }
        _acknowledged.TrySetResult();
        return false;
    }

    public override void OnMalformed(SerfException error)
    {
        // One unreadable record is skipped (and logged by the client); the rest still count.
    }

    public override void Fail(SerfException error)
    {
        _acknowledged.TrySetException(error);
        Channel.Writer.TryComplete(error);
    }
}
