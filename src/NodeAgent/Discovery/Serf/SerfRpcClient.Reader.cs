using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

internal sealed partial class SerfRpcClient
{
    /// <summary>
    /// Reads objects until the connection ends and hands each to the call with its Seq. A bad body fails
    /// only its call (the frame reader already found where it ends); a bad header, a reply to no request,
    /// or bytes that are not msgpack end the connection, because nothing after them can be trusted.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The loop must end by closing the connection with a reason, whatever went wrong; the reason is logged and given to every caller.")]
    private async Task ReadLoopAsync()
    {
        SerfException reason;
        try
        {
            SerfPendingCall? bodyFor = null;
            ulong bodySeq = 0;
            while (true)
            {
                var frame = await _frames.ReadFrameAsync(_shutdown.Token).ConfigureAwait(false);
                if (frame is not { } bytes)
                {
                    reason = Lost("end of stream");
                    break;
                }
                if (bodyFor is null)
                {
                    var (seq, error) = SerfRecordDecoder.ReadHeader(bytes);
                    SerfPendingCall? call;
                    lock (_gate)
                    {
                        _pending.TryGetValue(seq, out call);
                    }
                    if (call is null)
                    {
                        throw new InvalidDataException($"a reply for request {seq}, which this client never sent or has finished");
                    }
                    if (call.OnHeader(error))
                    {
                        (bodyFor, bodySeq) = (call, seq);
                    }
                    else
                    {
                        Forget(seq, call);
                    }
                }
                else
                {
                    Deliver(bodyFor, bodySeq, bytes);
                    Forget(bodySeq, bodyFor);
                    bodyFor = null;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            reason = Disposed();
        }
        catch (ObjectDisposedException)
        {
            reason = Disposed();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            reason = new SerfException(
                $"the Serf agent at {Agent} sent data this client cannot read ({e.Message}); the connection was closed. " +
                $"Is a Serf agent (not another service) listening at {Agent}, and is it Serf 0.8 or later?", e);
        }
        catch (IOException e)
        {
            reason = Lost(e.InnerException?.Message ?? e.Message, e);
        }
        catch (Exception e)
        {
            reason = new SerfException($"the connection to the Serf agent at {Agent} failed: {e.GetType().Name}: {e.Message}", e);
        }
        Close(reason);
    }

    private void Deliver(SerfPendingCall call, ulong seq, ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        try
        {
            call.OnBody(ref reader);
        }
        catch (Exception e) when (SerfRecordDecoder.IsDecodeError(e))
        {
            Log.MalformedBody(_logger, Agent, call.Command, seq, e.Message);
            call.OnMalformed(new SerfException($"the Serf agent at {Agent} sent a malformed reply to `{call.Command}`: {e.Message}", e));
        }
    }

    private void Forget(ulong seq, SerfPendingCall call)
    {
        if (call.IsFinished)
        {
            lock (_gate)
            {
                _pending.Remove(seq);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "serf.rpc: connected to the Serf agent at {Agent}")]
        public static partial void Connected(ILogger logger, string agent);

        [LoggerMessage(2, LogLevel.Information, "serf.rpc: connection to {Agent} ended: {Reason}")]
        public static partial void Closed(ILogger logger, string agent, string reason);

        [LoggerMessage(3, LogLevel.Warning, "serf.rpc: rejected a malformed `{Command}` record (seq {Seq}) from {Agent}: {Reason}")]
        public static partial void MalformedBody(ILogger logger, string agent, string command, ulong seq, string reason);

        [LoggerMessage(4, LogLevel.Warning, "serf.rpc: event stream {Seq} at {Agent} fell behind and was stopped")]
        public static partial void StreamOverflow(ILogger logger, string agent, ulong seq);

        [LoggerMessage(5, LogLevel.Warning, "serf.rpc: could not stop event stream {Seq} at {Agent}: {Reason}")]
        public static partial void StopFailed(ILogger logger, string agent, ulong seq, string reason);
    }
}
