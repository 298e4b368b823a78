using System.Threading.Channels;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A <c>stream</c> subscription: the first header acknowledges it (no body), every later header carries an
/// event record. It stays registered after <c>stop</c>, because Serf sends the events it had already queued
/// after its reply to <c>stop</c>: their bodies still have to be read to keep the connection in step.
/// </summary>
internal sealed class SerfStreamCall : SerfPendingCall
{
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<SerfEvent> _events;
    private readonly SerfClientOptions _options;
    private readonly Func<string, SerfException> _refused;
    private readonly Action<SerfStreamCall> _overflowed;
    private bool _acked;
    private volatile bool _stopped;

    public SerfStreamCall(SerfClientOptions options, Func<string, SerfException> refused, Action<SerfStreamCall> overflowed)
        : base("stream")
    {
        _options = options;
        _refused = refused;
        _overflowed = overflowed;
        // Bounded: a reader that stops reading must not make the client hold every event in memory.
        _events = Channel.CreateBounded<SerfEvent>(new BoundedChannelOptions(options.MaxStreamBacklog) { SingleWriter = true });
    }

    /// <summary>The Seq the stream was opened with (what <c>stop</c> takes).</summary>
    public ulong Seq { get; set; }

    public Task Acknowledged => _acknowledged.Task;

    public ChannelReader<SerfEvent> Events => _events.Reader;

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
            _events.Writer.TryComplete(_refused(error));
            return false;
        }
        _acknowledged.TrySetResult();
        return false;
    }

    public override void OnBody(ref MessagePackReader reader)
    {
        var record = SerfRecordDecoder.ReadEvent(ref reader, _options);
        if (_stopped || _events.Writer.TryWrite(record))
        {
            return;
        }
        _stopped = true;
        _events.Writer.TryComplete(new SerfException(
            $"the Serf event stream {Seq} fell behind: {_options.MaxStreamBacklog} events were not read; it was stopped. " +
            "Read events faster (or raise SerfClientOptions.MaxStreamBacklog), then open a new stream and re-read the members"));
        _overflowed(this);
    }

    public override void OnMalformed(SerfException error)
    {
        // One unreadable record is skipped (and logged by the client); the stream goes on.
    }

    public override void Fail(SerfException error)
    {
        _acknowledged.TrySetException(error);
        _events.Writer.TryComplete(error);
    }

    /// <summary>The owner asked to stop: readers see the end of the stream; late records are read and dropped.</summary>
    public void Stop()
    {
        _stopped = true;
        _events.Writer.TryComplete();
    }
}
