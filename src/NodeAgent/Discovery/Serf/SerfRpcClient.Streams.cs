using System.Runtime.CompilerServices;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

internal sealed partial class SerfRpcClient
{
    /// <inheritdoc />
    public async Task<SerfEventStream> StreamAsync(string filter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filter);
        var call = new SerfStreamCall(_options, error => Refused("stream", error), OnStreamOverflow);
        call.Seq = await SendAsync("stream", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("Type");
            w.Write(filter);
        }, call).ConfigureAwait(false);
        await WaitAsync(call.Acknowledged, "stream", cancellationToken).ConfigureAwait(false);
        return new SerfEventStream(this, call.Seq, call.Events);
    }

    /// <inheritdoc />
    public Task StopStreamAsync(ulong seq, CancellationToken cancellationToken = default)
    {
        SerfPendingCall? call;
        lock (_gate)
        {
            _pending.TryGetValue(seq, out call);
        }
        (call as SerfStreamCall)?.Stop();
        return CallAsync("stop", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("Stop");
            w.Write(seq);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SerfQueryRecord> QueryAsync(
        string name,
        ReadOnlyMemory<byte> payload,
        SerfQueryOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new SerfQueryOptions();
        var call = new SerfQueryCall(_options, error => Refused("query", error));
        await SendAsync("query", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(7);
            w.Write("FilterNodes");
            WriteStrings(ref w, options.FilterNodes);
            w.Write("FilterTags");
            WriteStringMap(ref w, options.FilterTags);
            w.Write("RequestAck");
            w.Write(options.RequestAck);
            w.Write("RelayFactor");
            w.Write(options.RelayFactor);
            w.Write("Timeout");
            w.Write(options.Timeout.Ticks * TimeSpan.NanosecondsPerTick); // Go's time.Duration: nanoseconds
            w.Write("Name");
            w.Write(name);
            w.Write("Payload");
            w.Write(payload.Span);
        }, call).ConfigureAwait(false);
        try
        {
            await WaitAsync(call.Acknowledged, "query", cancellationToken).ConfigureAwait(false);
            await foreach (var record in call.Records.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
        finally
        {
            call.Abandon();
        }
    }

    /// <summary>Runs on the reader loop: the stop request is sent from elsewhere so the loop never waits on a write.</summary>
    private void OnStreamOverflow(SerfStreamCall call)
    {
        Log.StreamOverflow(_logger, Agent, call.Seq);
        _ = Task.Run(async () =>
        {
            try
            {
                await StopStreamAsync(call.Seq).ConfigureAwait(false);
            }
            catch (SerfException e)
            {
                Log.StopFailed(_logger, Agent, call.Seq, e.Message);
            }
        });
    }
}
