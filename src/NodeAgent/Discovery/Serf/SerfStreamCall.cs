using System.Threading.Channels;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A <c>stream</c> subscription: the first header acknowledges it (no body), every later header carries an
/// event record. It stays registered after <c>stop</c>, because Serf sends the events it had already queued
/// after its reply to <c>stop</c>: their bodies still have to be read to keep the connection in step.
/// </summary>
internal sealed class SerfStreamCall : SerfRecordCall<SerfEvent>
{
    private readonly SerfClientOptions _options;
    private readonly Action<SerfStreamCall> _overflowed;
    private volatile bool _stopped;

    // Bounded: a reader that stops reading must not make the client hold every event in memory.
    public SerfStreamCall(SerfClientOptions options, Func<string, SerfException> refused, Action<SerfStreamCall> overflowed)
        : base("stream", System.Threading.Channels.Channel.CreateBounded<SerfEvent>(
            new BoundedChannelOptions(options.MaxStreamBacklog) { SingleWriter = true }), refused)
    {
        _options = options;
        _overflowed = overflowed;
    }

    /// <summary>The Seq the stream was opened with (what <c>stop</c> takes).</summary>
    public ulong Seq { get; set; }

    public ChannelReader<SerfEvent> Events => Channel.Reader;

    public override void OnBody(ref MessagePackReader reader)
    {
        var record = SerfRecordDecoder.ReadEvent(ref reader, _options);
        if (_stopped || Channel.Writer.TryWrite(record))
        {
            return;
        }
        _stopped = true;
        Channel.Writer.TryComplete(new SerfException(
            $"the Serf event stream {Seq} fell behind: {_options.MaxStreamBacklog} events were not read; it was stopped. " +
            "Read events faster (or raise SerfClientOptions.MaxStreamBacklog), then open a new stream and re-read the members"));
        _overflowed(this);
    }

    /// <summary>The owner asked to stop: readers see the end of the stream; late records are read and dropped.</summary>
    public void Stop()
    {
        _stopped = true;
        Channel.Writer.TryComplete();
    }
}
