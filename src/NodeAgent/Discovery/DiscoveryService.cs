using System.Threading.Channels;
using NodeAgent.Configuration;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

/// <summary>
/// The Serf backend: keeps one RPC connection to the node's Serf agent, publishes this node's record set (tags
/// with its digest, pages answered by query), and keeps <see cref="CloudView"/> current from member events and
/// fetches. Serf may be absent, die or come back: the loop reconnects with a backoff capped at
/// <see cref="DiscoveryTimings.MaxBackoff"/>, republishes at once, and never stops the rest of the agent.
/// </summary>
internal sealed partial class DiscoveryService(
    SerfDiscoveryOptions options,
    Func<LocalNode> localNode,
    IServiceSource services,
    Func<SpareCapacity?> capacity,
    CloudView view,
    DiscoveryStatus status,
    Func<CancellationToken, Task<ISerfClient>> connect,
    DiscoveryTimings timings,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : BackgroundService, IDiscoveryBackend, ISerfPresence
{
    private const string StreamFilter = "member-join,member-leave,member-failed,member-update,member-reap,query:" + RecordRequest.QueryName + ",user:" + RecordNotice.EventName + ",user:" + IdentifyEventName;

    /// <summary>Distinct notices waited for at once; more (a flood) are ignored and found by member events.</summary>
    private const int MaxAwaitedNotices = 256;

    private readonly Channel<bool> _republish = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile RecordPages? _pages;

    /// <summary>What this node answers queries with right now (null before the first publish).</summary>
    public RecordPages? Pages => _pages;

    public DiscoveryStatus Status => status;

    public long Rejected => view.Rejected;

    public void Collect(List<BackendNode> nodes) => view.Collect(nodes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        services.Changed += OnServicesChanged;
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            services.Changed -= OnServicesChanged;
        }
    }

    private void OnServicesChanged(object? sender, EventArgs e) => _republish.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = timings.MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            ISerfClient client;
            try
            {
                client = await connect(stoppingToken).ConfigureAwait(false);
            }
            catch (SerfException e)
            {
                Down(e.Message);
                await DelayAsync(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, timings.MaxBackoff.Ticks));
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            backoff = timings.MinBackoff;
            await using (client.ConfigureAwait(false))
            {
                try
                {
                    await RunSessionAsync(client, stoppingToken).ConfigureAwait(false);
                }
                catch (SerfException e)
                {
                    Down(e.Message);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
            if (!stoppingToken.IsCancellationRequested)
            {
                await DelayAsync(timings.MinBackoff, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Down(string reason)
    {
        if (status.IsUp)
        {
            Log.Lost(logger, reason);
        }
        status.Disconnected(reason);
    }

    /// <summary>One connection: stream, publish, read the members, then events, republishes and fetches until it breaks.</summary>
    private async Task RunSessionAsync(ISerfClient client, CancellationToken stoppingToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var token = session.Token;
        var stream = await client.StreamAsync(StreamFilter, token).ConfigureAwait(false);
        await using var disposeStream = stream.ConfigureAwait(false);
        var fetches = Channel.CreateUnbounded<FetchRequest>(new UnboundedChannelOptions { SingleWriter = false });
        var queued = new HashSet<FetchRequest>();
        void Enqueue(List<FetchRequest> due)
        {
            foreach (var request in due)
            {
                lock (queued)
                {
                    if (!queued.Add(request))
                    {
                        continue;
                    }
                }
                fetches.Writer.TryWrite(request);
            }
        }

        var wake = Channel.CreateBounded<RecordNotice>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var published = await PublishAsync(client, force: true, token).ConfigureAwait(false);
        var stale = view.Reconcile(await client.MembersAsync(token).ConfigureAwait(false));
        status.Connected($"connected to the Serf agent at {options.RpcAddress}");
        Log.Connected(logger, options.RpcAddress.ToString());
        if (stale.Count >= BulkThreshold)
        {
            lock (queued)
            {
                queued.UnionWith(stale); // the bulk query (first thing the sweep does) holds them
            }
        }
        else
        {
            Enqueue(stale);
            stale = [];
        }

        Volatile.Write(ref _session, client);
        var tasks = new List<Task>
        {
            EventsAsync(client, stream, Enqueue, wake.Writer, token),
            PublisherAsync(client, published, token),
            SweepAsync(client, Enqueue, stale, queued, wake.Reader, token),
            WatchClosedAsync(client, token),
        };
        for (var i = 0; i < timings.Fetchers; i++)
        {
            tasks.Add(FetcherAsync(client, fetches.Reader, queued, wake.Writer, token));
        }
        try
        {
            var first = await Task.WhenAny(tasks).ConfigureAwait(false);
            await first.ConfigureAwait(false); // rethrows why the session ended
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            fetches.Writer.TryComplete();
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SerfException or OperationCanceledException)
            {
                // The session is over; the first failure was already thrown above.
            }
            Volatile.Write(ref _session, null);
            if (stoppingToken.IsCancellationRequested && !client.Closed.IsCompleted)
            {
                await WithdrawAsync(client).ConfigureAwait(false);
            }
        }
    }

    private async Task EventsAsync(ISerfClient client, SerfEventStream stream, Action<List<FetchRequest>> enqueue, ChannelWriter<RecordNotice> wake, CancellationToken token)
    {
        while (await stream.ReadAsync(token).ConfigureAwait(false) is { } e)
        {
            switch (e)
            {
                case SerfQueryEvent query when _pages is { } pages && RecordResponder.Answer(pages, query) is { } answer:
                    try
                    {
                        await client.RespondAsync(query.Id, answer, token).ConfigureAwait(false);
                    }
                    catch (SerfException ex) when (ex.AgentError is not null)
                    {
                        // The asker gave up (query timed out) or the page is over a lowered limit: that query only.
                        Log.RespondRefused(logger, ex.Message);
                    }
                    break;
                case SerfMemberEvent members:
                    enqueue(view.Apply(members));
                    break;
                case SerfUserEvent { Name: IdentifyEventName } identify:
                    OnIdentifyEvent(identify);
                    break;
                case SerfUserEvent { Name: RecordNotice.EventName } user:
                    if (RecordNotice.TryDecode(user.Payload) is { } notice)
                    {
                        wake.TryWrite(notice);
                    }
                    break;
            }
        }
        throw new SerfException($"the Serf agent at {options.RpcAddress} ended the event stream");
    }

    /// <summary>Ends the session when the connection ends, even while every other task is waiting on something else.</summary>
    private static async Task WatchClosedAsync(ISerfClient client, CancellationToken token) =>
        throw await client.Closed.WaitAsync(token).ConfigureAwait(false);

    private static async Task DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
