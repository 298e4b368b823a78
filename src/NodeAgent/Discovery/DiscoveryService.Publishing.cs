using System.Threading.Channels;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

internal sealed partial class DiscoveryService
{
    /// <summary>
    /// Encodes the current record set and sets the tags that announce it. The pages are swapped in first, so a node
    /// that sees the new digest and asks at once gets the new pages. Returns what was published.
    /// </summary>
    private async Task<NodeSummary?> PublishAsync(ISerfClient client, bool force, CancellationToken token, NodeSummary? previous = null, DateTimeOffset lastCapacity = default)
    {
        var node = localNode();
        var healthy = services.Healthy;
        var pages = _pages is { } current && current.NodeId == node.Id && SameSet(current, node.Id, healthy) ? current : RecordCodec.Paginate(node.Id, healthy);
        var spare = capacity() is { } c ? TagSummary.Round(c) : null;
        var summary = new NodeSummary(AgentVersion.Current, node.Id, node.Community, pages.Digest, pages.Count, spare, node.GuifiNode);
        if (!force && previous is not null)
        {
            var onlyCapacity = previous with { Capacity = spare } == summary;
            if (previous == summary || (onlyCapacity && time.GetUtcNow() - lastCapacity < timings.CapacityInterval))
            {
                return null;
            }
        }
        _pages = pages;
        var tags = TagSummary.Build(summary);
        try
        {
            await client.SetTagsAsync(tags, null, token).ConfigureAwait(false);
        }
        catch (SerfException e) when (e.AgentError is not null)
        {
            // Refused (another tool's tags leave too little of the 512 bytes, say): connected but not published.
            status.PublishFailed(e.Message);
            Log.PublishRefused(logger, e.Message);
            return previous;
        }
        status.Published();
        Log.Published(logger, summary.Count, summary.Digest);
        if (force || previous?.Digest != summary.Digest)
        {
            await NotifyAsync(client, new RecordNotice(summary.NodeId, summary.Digest), token).ConfigureAwait(false);
        }
        return summary;
    }

    private static bool SameSet(RecordPages pages, string nodeId, IReadOnlyList<LocalService> services) =>
        pages.Count == services.Count && pages.Digest == RecordDigest.Compute(nodeId, services);

    /// <summary>Republishes when the services change (at once) or the community or capacity changed (checked periodically).</summary>
    private async Task PublisherAsync(ISerfClient client, NodeSummary? published, CancellationToken token)
    {
        var lastCapacity = time.GetUtcNow();
        while (!token.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                wait.CancelAfter(timings.CheckInterval);
                try
                {
                    await _republish.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    _republish.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // The periodic check.
                }
            }
            token.ThrowIfCancellationRequested();
            var again = Interlocked.Exchange(ref _announceAgain, 0) == 1;
            if (await PublishAsync(client, force: published is null || again, token, published, lastCapacity).ConfigureAwait(false) is { } now && (now != published || again))
            {
                if (published is null || now.Capacity != published.Capacity)
                {
                    lastCapacity = time.GetUtcNow();
                }
                published = now;
            }
        }
    }

    /// <summary>
    /// First settles <paramref name="bulk"/> (marked queued) with one query. Then reads the member list when a notice asks for it (polling briefly until the list shows it), when a failed
    /// fetch's retry time comes, and otherwise once per <see cref="DiscoveryTimings.ReconcileInterval"/>. Sleeps in
    /// between: an idle cloud costs no wake-ups here.
    /// </summary>
    private async Task SweepAsync(
        ISerfClient client, Action<List<FetchRequest>> enqueue, List<FetchRequest> bulk, HashSet<FetchRequest> queued, ChannelReader<RecordNotice> wake, CancellationToken token)
    {
        if (bulk.Count > 0)
        {
            var left = await BulkFetchAsync(client, bulk, token).ConfigureAwait(false);
            lock (queued)
            {
                queued.ExceptWith(bulk);
            }
            enqueue(left);
        }
        var lastRead = time.GetTimestamp();
        var awaited = new Dictionary<RecordNotice, DateTimeOffset>();
        Task<bool>? woken = null;
        while (true)
        {
            var now = time.GetUtcNow();
            var sinceRead = time.GetElapsedTime(lastRead);
            var wait = timings.ReconcileInterval - sinceRead;
            if (awaited.Count > 0)
            {
                wait = Min(wait, timings.NoticePoll - sinceRead);
            }
            if (view.NextRetry() is { } retry)
            {
                wait = Min(wait, retry - now);
            }
            if (wait > TimeSpan.Zero)
            {
                woken ??= wake.WaitToReadAsync(token).AsTask();
                using (var delay = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    await Task.WhenAny(woken, Task.Delay(wait, time, delay.Token)).ConfigureAwait(false);
                    await delay.CancelAsync().ConfigureAwait(false);
                }
                token.ThrowIfCancellationRequested();
                if (woken.IsCompleted)
                {
                    woken = null;
                }
            }
            now = time.GetUtcNow();
            while (wake.TryRead(out var notice))
            {
                if (notice.NodeId is not null && (awaited.Count < MaxAwaitedNotices || awaited.ContainsKey(notice)))
                {
                    awaited[notice] = now + timings.NoticeWindow;
                }
            }
            Settle(awaited, now);
            sinceRead = time.GetElapsedTime(lastRead);
            if (sinceRead >= timings.ReconcileInterval || (awaited.Count > 0 && sinceRead >= timings.NoticePoll))
            {
                enqueue(view.Reconcile(await client.MembersAsync(token).ConfigureAwait(false)));
                lastRead = time.GetTimestamp();
                Settle(awaited, time.GetUtcNow());
            }
            else
            {
                enqueue(view.Due());
            }
        }
    }

    /// <summary>Forgets the notices the member list shows and those waited for long enough.</summary>
    private void Settle(Dictionary<RecordNotice, DateTimeOffset> awaited, DateTimeOffset now)
    {
        foreach (var (notice, until) in awaited)
        {
            if (until <= now || view.Shows(notice))
            {
                awaited.Remove(notice);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Tells the cloud this node's records changed (see <see cref="RecordNotice"/>); a refusal only costs speed.</summary>
    private async Task NotifyAsync(ISerfClient client, RecordNotice notice, CancellationToken token)
    {
        try
        {
            await client.UserEventAsync(RecordNotice.EventName, notice.Encode(), coalesce: false, token).ConfigureAwait(false);
        }
        catch (SerfException e) when (e.AgentError is not null)
        {
            Log.NoticeRefused(logger, e.Message);
        }
    }

    /// <summary>
    /// A clean stop: deletes this node's NodeAgent tags, so the others drop its records at once while its Serf member
    /// stays, and tells them. Bounded by <see cref="DiscoveryTimings.WithdrawTimeout"/>; if Serf is gone, the others
    /// see the member fail instead.
    /// </summary>
    private async Task WithdrawAsync(ISerfClient client)
    {
        using var limit = new CancellationTokenSource(timings.WithdrawTimeout);
        try
        {
            await client.SetTagsAsync(new Dictionary<string, string>(), TagSummary.AllTags, limit.Token).ConfigureAwait(false);
            _pages = null;
            await NotifyAsync(client, new RecordNotice(localNode().Id, RecordNotice.Withdrawn), limit.Token).ConfigureAwait(false);
            Log.Withdrawn(logger);
        }
        catch (Exception e) when (e is SerfException or OperationCanceledException)
        {
            Log.WithdrawFailed(logger, e.Message);
        }
    }

    private async Task FetcherAsync(ISerfClient client, ChannelReader<FetchRequest> requests, HashSet<FetchRequest> queued, ChannelWriter<RecordNotice> wake, CancellationToken token)
    {
        await foreach (var request in requests.ReadAllAsync(token).ConfigureAwait(false))
        {
            try
            {
                var (records, error) = await FetchAsync(client, request, token).ConfigureAwait(false);
                status.Fetched(records is not null);
                if (records is not null)
                {
                    view.SetRecords(request, records);
                }
                else
                {
                    view.FetchFailed(request, error);
                    wake.TryWrite(default); // the sweep sleeps until the retry time
                }
            }
            finally
            {
                lock (queued)
                {
                    queued.Remove(request);
                }
            }
        }
    }

    /// <summary>Asks one node for every page of the record set its tags announce, and checks what comes back.</summary>
    private async Task<(IReadOnlyList<LocalService>? Records, string Error)> FetchAsync(ISerfClient client, FetchRequest request, CancellationToken token)
    {
        var (first, error) = await FetchPageAsync(client, request.Node, 0, token).ConfigureAwait(false);
        if (first is null)
        {
            return (null, error);
        }
        if (first.Digest != request.Digest)
        {
            // Its set changed again since its tags were read: the member-update with the new digest brings a new fetch.
            return (null, $"answer has digest {first.Digest}, but {request.Digest} was asked for");
        }
        var pages = new RecordPageWire[first.Pages];
        pages[0] = first;
        var rest = Enumerable.Range(1, first.Pages - 1).Select(async p =>
        {
            var (page, why) = await FetchPageAsync(client, request.Node, p, token).ConfigureAwait(false);
            return (p, page, why);
        });
        foreach (var (p, page, why) in await Task.WhenAll(rest).ConfigureAwait(false))
        {
            if (page is null)
            {
                return (null, why);
            }
            pages[p] = page;
        }
        var records = RecordCodec.TryAssemble(pages, request.NodeId, request.Digest, out error);
        return (records, error);
    }

    private async Task<(RecordPageWire? Page, string Error)> FetchPageAsync(ISerfClient client, string node, int page, CancellationToken token)
    {
        var query = new SerfQueryOptions { FilterNodes = [node], Timeout = timings.QueryTimeout };
        await foreach (var record in client.QueryAsync(RecordRequest.QueryName, RecordRequest.Encode(page), query, token).ConfigureAwait(false))
        {
            if (record.Kind != SerfQueryRecordKind.Response || record.From != node)
            {
                continue;
            }
            var decoded = RecordCodec.TryDecodePage(record.Payload, out var error);
            return decoded is null ? (null, $"page {page}: {error}")
                : decoded.Page != page ? (null, $"asked for page {page}, got page {decoded.Page}")
                : (decoded, "");
        }
        return (null, $"no answer for page {page} within {timings.QueryTimeout.TotalSeconds} s");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "discovery.serf: connected to the Serf agent at {Address}; publishing and listening")]
        public static partial void Connected(ILogger logger, string address);

        [LoggerMessage(2, LogLevel.Warning, "discovery.serf: lost the Serf agent: {Reason}; reconnecting")]
        public static partial void Lost(ILogger logger, string reason);

        [LoggerMessage(3, LogLevel.Debug, "discovery.serf: published {Count} services (digest {Digest})")]
        public static partial void Published(ILogger logger, int count, string digest);

        [LoggerMessage(4, LogLevel.Warning, "discovery.serf: the Serf agent refused this node's tags: {Reason}")]
        public static partial void PublishRefused(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Debug, "discovery.serf: an answer was refused: {Reason}")]
        public static partial void RespondRefused(ILogger logger, string reason);

        [LoggerMessage(6, LogLevel.Debug, "discovery.serf: the Serf agent refused the change notice: {Reason}")]
        public static partial void NoticeRefused(ILogger logger, string reason);

        [LoggerMessage(9, LogLevel.Debug, "discovery.serf: the Serf agent refused the bulk query: {Reason}")]
        public static partial void BulkRefused(ILogger logger, string reason);

        [LoggerMessage(10, LogLevel.Information, "discovery.serf: asked through the cloud to identify this node")]
        public static partial void IdentifyAsked(ILogger logger);

        [LoggerMessage(7, LogLevel.Information, "discovery.serf: withdrew this node's records from Serf")]
        public static partial void Withdrawn(ILogger logger);

        [LoggerMessage(8, LogLevel.Warning, "discovery.serf: could not withdraw this node's records ({Reason}); the others will see its Serf member fail")]
        public static partial void WithdrawFailed(ILogger logger, string reason);
    }
}
