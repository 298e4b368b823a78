using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Etcd;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>An <see cref="EtcdDiscoveryService"/> as the host runs it, against real etcd members, with its own view.</summary>
internal sealed class EtcdHarness : IAsyncDisposable
{
    private readonly EtcdClient _client;

    private EtcdHarness(IReadOnlyList<string> endpoints, string prefix, string name, MutableServiceSource source, string community, TimeSpan ttl)
    {
        Source = source;
        Prefix = prefix;
        Hub = new ChangeHub();
        View = new EtcdView(prefix, Hub, TimeProvider.System, NullLogger<EtcdView>.Instance);
        Status = new DiscoveryStatus(TimeProvider.System, (kind, _, message) =>
        {
            lock (Events)
            {
                Events.Add((kind, message));
            }
        }, EtcdView.Source);
        _client = new EtcdClient(endpoints);
        var options = new EtcdDiscoveryOptions { Enabled = true, Endpoints = endpoints, Prefix = prefix, Ttl = ttl };
        Service = new EtcdDiscoveryService(
            options, () => new LocalNode(NodeId, community, name), source, () => null, () => ["192.0.2.7"], View, Status, _client,
            new DiscoveryTimings(), TimeProvider.System, NullLogger<EtcdDiscoveryService>.Instance);
    }

    public string NodeId { get; } = RecordPublisher.NewNodeId();

    public string Prefix { get; }

    public MutableServiceSource Source { get; }

    public ChangeHub Hub { get; }

    public EtcdView View { get; }

    public DiscoveryStatus Status { get; }

    public EtcdDiscoveryService Service { get; }

    public List<(string Kind, string Message)> Events { get; } = [];

    public static async Task<EtcdHarness> StartAsync(
        IReadOnlyList<string> endpoints, string prefix, string name, IReadOnlyList<LocalService>? services = null, string community = "", int ttlSeconds = 10)
    {
        var harness = new EtcdHarness(endpoints, prefix, name, new MutableServiceSource(services ?? []), community, TimeSpan.FromSeconds(ttlSeconds));
        await harness.Service.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>What this node's view finds (etcd alone).</summary>
    public List<NodeAgent.Contracts.Discovery.SearchResult> Search(SearchQuery? query = null)
    {
        var nodes = new List<BackendNode>();
        View.Collect(nodes);
        return CloudSearch.Search(nodes, query ?? new SearchQuery());
    }

    /// <summary>A clean stop (revokes the lease); bounded, so a stop that hangs fails the test.</summary>
    public async Task StopAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Service.StopAsync(limit.Token);
        Assert.True(Service.ExecuteTask!.IsCompleted, "the etcd discovery service did not stop within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (Service.ExecuteTask is { IsCompleted: false })
        {
            await StopAsync();
        }
        Service.Dispose();
        _client.Dispose();
    }
}
