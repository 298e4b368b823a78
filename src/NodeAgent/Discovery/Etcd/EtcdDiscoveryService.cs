using System.Threading.Channels;
using NodeAgent.Configuration;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// The etcd backend: publishes this node's records under the prefix on a lease of its own (kept alive every TTL/3,
/// so a dead node's records vanish by themselves; revoked on a clean stop, so they vanish at once), and keeps
/// <see cref="EtcdView"/> current with one range of the prefix and a watch from its revision.
/// etcd may be absent, die or come back: each session starts with a new lease and a full publish, the loop
/// reconnects with a backoff capped at <see cref="DiscoveryTimings.MaxBackoff"/>, and the rest of the agent never waits on it.
/// Connections: unary calls run one at a time (one kept-alive connection), the watch has its own.
/// </summary>
internal sealed partial class EtcdDiscoveryService(
    EtcdDiscoveryOptions options,
    Func<LocalNode> localNode,
    IServiceSource services,
    Func<SpareCapacity?> capacity,
    Func<IReadOnlyList<string>> addresses,
    EtcdView view,
    DiscoveryStatus status,
    IEtcdClient client,
    DiscoveryTimings timings,
    TimeProvider time,
    ILogger<EtcdDiscoveryService> logger) : BackgroundService, IDiscoveryBackend
{
    private static readonly TimeSpan RevokeTimeout = TimeSpan.FromSeconds(3);

    private readonly Channel<bool> _republish = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Every key this node has on its current lease, with the value it holds: only differences are written.</summary>
    private readonly Dictionary<string, byte[]> _published = new(StringComparer.Ordinal);

    /// <summary>Keys of this node that someone else overwrote or deleted (seen by the watch): written again at the next publish.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _tampered = new();
    private long _lease;

    public DiscoveryStatus Status => status;

    public long Rejected => view.Rejected;

    /// <summary>The lease this node's records hang on now; 0 when none.</summary>
    public long Lease => Interlocked.Read(ref _lease);

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
            await RevokeAsync().ConfigureAwait(false);
        }
    }

    private void OnServicesChanged(object? sender, EventArgs e) => _republish.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = timings.MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(() => backoff = timings.MinBackoff, stoppingToken).ConfigureAwait(false);
            }
            catch (EtcdException e)
            {
                if (status.IsUp)
                {
                    Log.Lost(logger, e.Message);
                }
                status.Disconnected(e.Message);
                view.Lost();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, timings.MaxBackoff.Ticks));
        }
    }

    /// <summary>One session: a new lease, everything published on it, the prefix read, then keepalives, republishes and the watch until etcd is lost.</summary>
    private async Task RunSessionAsync(Action connected, CancellationToken stoppingToken)
    {
        var lease = await client.LeaseGrantAsync(options.Ttl, stoppingToken).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref _lease, lease.Id);
        _published.Clear();
        // A refusal (etcd's quota full, say) leaves the session up and degraded; the lease loop tries again.
        if (await TryPublishAsync(lease.Id, stoppingToken).ConfigureAwait(false) && previous != 0)
        {
            // The last session's keys are all on the new lease now; what the old one still holds (nothing) goes with it.
            await TryRevokeAsync(previous, stoppingToken).ConfigureAwait(false);
        }
        var range = await client.RangeAsync(options.Prefix, 0, stoppingToken).ConfigureAwait(false);
        view.Replace(range.Items.Select(kv => (kv.Key, kv.Value)));
        status.Fetched(true);
        var detail = $"connected to etcd ({string.Join(", ", options.Endpoints)}), lease {lease.Id:x} of {lease.Ttl.TotalSeconds:0} s";
        status.Connected(detail);
        Log.Connected(logger, detail, range.Items.Count);
        connected();

        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task[] tasks = [LeaseAsync(lease, session.Token), WatchAsync(range.Revision + 1, session.Token)];
        try
        {
            var first = await Task.WhenAny(tasks).ConfigureAwait(false);
            await first.ConfigureAwait(false); // rethrows why the session ended
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EtcdException or OperationCanceledException)
            {
                // The session is over; the first failure was already thrown above.
            }
        }
    }

    /// <summary>Follows the prefix from <paramref name="revision"/>; a lost watch resumes on any member, a compacted one reads the prefix again.</summary>
    private async Task WatchAsync(long revision, CancellationToken token)
    {
        var node = localNode().Id;
        var ownNodeKey = EtcdRecordCodec.NodeKey(options.Prefix, node);
        var ownServices = $"{options.Prefix}{EtcdRecordCodec.ServicesDir}{node}/";
        while (true)
        {
            // No member takes the watch: etcd is gone, and the session with it.
            using var watch = await client.WatchAsync(options.Prefix, revision, token).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var e = await watch.ReadAsync(token).ConfigureAwait(false);
                    view.Apply(e);
                    Guard(e, ownNodeKey, ownServices);
                }
            }
            catch (EtcdException e) when (!token.IsCancellationRequested)
            {
                revision = watch.NextRevision;
                Log.WatchLost(logger, e.Message);
                if (e.CompactRevision is not null)
                {
                    var range = await client.RangeAsync(options.Prefix, 0, token).ConfigureAwait(false);
                    view.Replace(range.Items.Select(kv => (kv.Key, kv.Value)));
                    status.Fetched(true);
                    revision = range.Revision + 1;
                }
            }
        }
    }

    /// <summary>
    /// A change to one of this node's keys that this node did not make (another lease, or a delete) is undone at
    /// the next publish: nothing else in etcd stops another program from writing under the prefix.
    /// </summary>
    private void Guard(EtcdWatchEvent e, string ownNodeKey, string ownServices)
    {
        var lease = Lease;
        if (lease == 0 || (e.Kind == EtcdWatchEventKind.Put && e.Lease == lease))
        {
            return;
        }
        var key = e.KeyText;
        if (key == ownNodeKey || key.StartsWith(ownServices, StringComparison.Ordinal))
        {
            _tampered.Enqueue(key);
            _republish.Writer.TryWrite(true);
        }
    }

    /// <summary>At a clean stop: the lease goes, and every record of this node with it, at once.</summary>
    private async Task RevokeAsync()
    {
        var lease = Interlocked.Exchange(ref _lease, 0);
        if (lease == 0)
        {
            return;
        }
        using var limit = new CancellationTokenSource(RevokeTimeout);
        if (await TryRevokeAsync(lease, limit.Token).ConfigureAwait(false))
        {
            Log.Revoked(logger, lease);
        }
    }

    private async Task<bool> TryRevokeAsync(long lease, CancellationToken token)
    {
        try
        {
            await client.LeaseRevokeAsync(lease, token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is EtcdException or OperationCanceledException)
        {
            // Unreachable: the lease expires by itself within its TTL, and its keys with it.
            Log.RevokeFailed(logger, lease, e.Message);
            return false;
        }
    }
}
