using System.Runtime.CompilerServices;
using System.Text.Json;
using NodeAgent.Discovery.Etcd.Wire;
using NodeAgent.Net;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// A live watch on one member: the changes under a prefix, in revision order, for as long as the member keeps the
/// stream. It never ends quietly: when the member stops, cancels the watch, or sends a line this client will not
/// read, reading throws an <see cref="EtcdException"/> (and keeps throwing). A new watch from
/// <see cref="NextRevision"/> then misses nothing. One reader at a time; disposing closes the stream, which cancels
/// the watch at the member.
/// </summary>
internal sealed class EtcdWatch : IDisposable
{
    private readonly Http1StreamingResponse _stream;
    private readonly byte[] _prefix;
    private readonly Queue<EtcdWatchEvent> _pending = new();
    private EtcdException? _failure;

    private EtcdWatch(Http1StreamingResponse stream, string prefix, byte[] prefixBytes, long revision)
    {
        _stream = stream;
        Prefix = prefix;
        _prefix = prefixBytes;
        Revision = revision;
    }

    /// <summary>The member the watch lives on.</summary>
    public Http1Endpoint Member => _stream.Endpoint;

    /// <summary>The watched prefix.</summary>
    public string Prefix { get; }

    /// <summary>
    /// The revision up to which every change under the prefix has been handed out (events of one revision come in
    /// one line and are queued together, so a revision is never handed out in part before a failure).
    /// </summary>
    public long Revision { get; private set; }

    /// <summary>Where a new watch resumes without missing or repeating a change: <see cref="Revision"/> + 1.</summary>
    public long NextRevision => Revision + 1;

    /// <summary>Reads the creation answer: the watch exists once that arrived.</summary>
    internal static async Task<EtcdWatch> OpenAsync(Http1StreamingResponse stream, string prefix, byte[] prefixBytes, long startRevision, CancellationToken cancellationToken)
    {
        var watch = new EtcdWatch(stream, prefix, prefixBytes, Math.Max(startRevision - 1, 0));
        EtcdWireWatchResponse? created;
        do
        {
            var line = await stream.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EtcdException($"etcd at {stream.Endpoint} closed the watch on '{prefix}' before confirming it; is the member stopping?");
            created = watch.Parse(line);
        }
        while (created is null);
        if (!created.Created)
        {
            throw watch.Malformed("the first answer does not confirm the watch (created is not true)");
        }
        if (startRevision == 0)
        {
            // "From now on": the watch starts after the revision the member had when it created the watch.
            watch.Revision = created.Header!.Revision;
        }
        if (created.Canceled || created.Events is { Count: > 0 })
        {
            watch.Accept(created);
        }
        return watch;
    }

    /// <summary>The next change.</summary>
    /// <exception cref="EtcdException">The watch ended: the member stopped or cancelled it (compaction), or sent a malformed line.</exception>
    public async ValueTask<EtcdWatchEvent> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (_pending.Count == 0)
        {
            if (_failure is not null)
            {
                throw Again(_failure);
            }
            ReadOnlyMemory<byte>? line;
            try
            {
                line = await _stream.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Http1Exception e)
            {
                throw Fail(Ended(e.Message, e));
            }
            catch (ObjectDisposedException)
            {
                throw Fail(new EtcdException($"the watch on '{Prefix}' at {Member} was closed by this client (disposed)"));
            }
            if (line is null)
            {
                throw Fail(Ended("the member closed the stream", null));
            }
            try
            {
                if (Parse(line.Value) is { } response)
                {
                    Accept(response);
                }
            }
            catch (EtcdException e)
            {
                throw Fail(e);
            }
        }
        var next = _pending.Dequeue();
        Revision = Math.Max(Revision, next.Revision);
        return next;
    }

    /// <summary>Reads changes until the watch fails (it never ends otherwise) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<EtcdWatchEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            yield return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Decodes and checks one line; null for an empty line.</summary>
    private EtcdWireWatchResponse? Parse(ReadOnlyMemory<byte> line)
    {
        if (line.Span.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }
        EtcdWireWatchLine? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize(line.Span, EtcdJsonContext.Default.EtcdWireWatchLine);
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
        if (decoded?.Error is { } error)
        {
            var text = EtcdClient.ErrorText(error);
            throw new EtcdException($"etcd at {Member} ended the watch on '{Prefix}' with an error: {text}; watch again from revision {NextRevision}")
            {
                EtcdError = text,
            };
        }
        var result = decoded?.Result ?? throw Malformed("a line with neither result nor error");
        // etcd 3.4 sends a cancellation (compaction) with a header that has no revision.
        if ((result.Canceled ? (result.Header is null ? "no header" : null) : EtcdClient.CheckHeader(result.Header)) is { } problem)
        {
            throw Malformed(problem);
        }
        return result;
    }

    /// <summary>Queues a response's events after checking every one; a cancellation ends the watch.</summary>
    private void Accept(EtcdWireWatchResponse response)
    {
        if (response.Canceled)
        {
            throw response.CompactRevision > 0
                ? new EtcdException(
                    $"etcd at {Member} cancelled the watch on '{Prefix}': revision {NextRevision} is compacted (the oldest kept is {response.CompactRevision}); " +
                    "range the prefix again and watch from that range's revision + 1")
                {
                    CompactRevision = response.CompactRevision,
                }
                : new EtcdException($"etcd at {Member} cancelled the watch on '{Prefix}': {response.CancelReason ?? "no reason given"}; watch again from revision {NextRevision}")
                {
                    EtcdError = response.CancelReason,
                };
        }
        var events = response.Events ?? [];
        if (events.Count == 0)
        {
            // A progress notification: nothing under the prefix changed up to this revision.
            if (!response.Created)
            {
                Revision = Math.Max(Revision, response.Header!.Revision);
            }
            return;
        }
        var batch = new List<EtcdWatchEvent>(events.Count);
        var last = Revision;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var kind = e?.Type switch
            {
                null or "PUT" => EtcdWatchEventKind.Put,
                "DELETE" => EtcdWatchEventKind.Delete,
                var other => throw Malformed($"events[{i}] has type '{other}'"),
            };
            if (EtcdClient.CheckKeyValue(e!.Kv, _prefix, kind == EtcdWatchEventKind.Delete) is { } problem)
            {
                throw Malformed($"events[{i}]: {problem}");
            }
            var kv = e.Kv!;
            // Revisions only grow: an older one would be a replay the consumer already saw.
            if (kv.ModRevision < last || kv.ModRevision <= Revision)
            {
                throw Malformed($"events[{i}] at revision {kv.ModRevision} after revision {Math.Max(last, Revision)}");
            }
            last = kv.ModRevision;
            batch.Add(new EtcdWatchEvent(kind, kv.Key, kv.Value ?? [], kv.ModRevision, kind == EtcdWatchEventKind.Put ? kv.Lease : 0));
        }
        foreach (var e in batch)
        {
            _pending.Enqueue(e);
        }
    }

    private EtcdException Malformed(string detail) => new(
        $"etcd at {Member} sent a malformed watch line for '{Prefix}': {detail}; the watch is closed: watch again from revision {NextRevision}");

    private EtcdException Ended(string cause, Exception? inner) => new(
        $"etcd at {Member} ended the watch on '{Prefix}' ({cause}); watch again from revision {NextRevision}, on another member if this one is down",
        inner);

    private EtcdException Fail(EtcdException reason)
    {
        _failure ??= reason;
        _stream.Dispose();
        return reason;
    }

    private static EtcdException Again(EtcdException reason) => new(reason.Message, reason.InnerException)
    {
        GrpcCode = reason.GrpcCode,
        EtcdError = reason.EtcdError,
        CompactRevision = reason.CompactRevision,
    };

    /// <summary>Closes the stream; the member cancels the watch when it sees the connection close.</summary>
    public void Dispose()
    {
        _failure ??= new EtcdException($"the watch on '{Prefix}' at {Member} was closed by this client (disposed)");
        _stream.Dispose();
    }
}
