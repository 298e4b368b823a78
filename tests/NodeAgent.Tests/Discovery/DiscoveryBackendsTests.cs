using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Etcd;
using NodeAgent.Hosting;
using NodeAgent.Storage;
using NodeAgent.Tests.Discovery.Etcd;
using NodeAgent.Tests.Discovery.Serf;

namespace NodeAgent.Tests.Discovery;

/// <summary>
/// The owner's backend changes applied while the agent runs, against a real Serf agent and a real etcd member: only
/// the backend whose settings changed restarts, one turned off withdraws what it published and its view's nodes
/// leave the change stream, and search, health and the Serf presence follow the set running now.
/// </summary>
[Trait("Category", "Serf")]
[Trait("Category", "Etcd")]
public sealed class DiscoveryBackendsTests : IAsyncLifetime
{
    private static readonly LocalService Web = new("_http._tcp", "web", 80, new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-backends-").FullName;
    private SerfCluster? _serf;
    private EtcdProcess? _etcd;

    public async Task InitializeAsync()
    {
        _serf = await SerfCluster.StartAsync(1, "bk", isolated: true);
        _etcd = await EtcdProcess.StartSingleAsync("bk");
    }

    public async Task DisposeAsync()
    {
        await _etcd!.DisposeAsync();
        await _serf!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task OnlyTheChangedBackendRestartsAndOneTurnedOffWithdrawsItsRecords()
    {
        var configured = new AgentOptions
        {
            NodeName = "owl", Community = "gracia", DataDir = _dir, SocketPath = Path.Combine(_dir, "s.sock"), Services = [Web],
            Serf = new SerfDiscoveryOptions { RpcAddress = _serf![0].RpcEndpoint },
            Etcd = new EtcdDiscoveryOptions { Endpoints = [_etcd!.ClientUrl], Prefix = "/bk/a/", Ttl = TimeSpan.FromSeconds(30) },
        };
        using var store = NodeStore.Open(_dir);
        var events = new EventLog(store, TimeProvider.System, 100);
        var node = new NodeContext(configured, NodeIdentity.LoadOrCreate(store, TimeProvider.System), new SettingsStore(store, events), TimeProvider.System);
        var published = new PublishedServices(new DeclaredServices(node.DeclaredServices), () => null, _ => { });
        var hub = new ChangeHub();
        var factory = new BackendFactory(node, published, hub, events, NullLoggerFactory.Instance, TimeProvider.System, () => null);
        using var backends = new DiscoveryBackends(node, factory, hub, events, NullLogger<DiscoveryBackends>.Instance);
        using var etcd = new EtcdClient([_etcd.ClientUrl]);
        var identified = 0;
        backends.IdentifyAsked += () => identified++;

        var member = _serf[0].Name; // Serf knows nodes by their member name; etcd by the agent's node name
        await backends.StartAsync(CancellationToken.None);
        var serf = backends.Serf;
        Assert.NotNull(serf);
        Assert.Equal(["serf"], backends.Readers.Select(b => b.Status.Backend));
        await Until(() => serf.Status.IsUp && Search(backends).Contains($"{member} web serf"), () => $"Serf up ({serf.Status.Check()}), own service found through it: {string.Join(", ", Search(backends))}");
        var changes = hub.Subscribe()!;

        // etcd on: it starts beside Serf, which is left running (same instance, never withdrawn).
        Assert.NotNull(node.Update(new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(Etcd: new EtcdUpdate(Enabled: true))), []));
        await backends.ApplyAsync();
        Assert.Same(serf, backends.Serf);
        Assert.Equal(["serf", "etcd"], backends.Readers.Select(b => b.Status.Backend));
        await Until(() => Search(backends).Contains("owl web etcd"), "own service found through etcd");
        Assert.Equal(1, await CountAsync(etcd, "/bk/a/"));
        Assert.Equal(["discovery", "discovery.etcd"], Checks(backends));

        // A new prefix: etcd restarts, the old lease (and its keys) go, the new keys appear; Serf still untouched.
        Assert.NotNull(node.Update(new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(Etcd: new EtcdUpdate(Prefix: "/bk/b/"))), []));
        await backends.ApplyAsync();
        Assert.Same(serf, backends.Serf);
        Assert.Equal(0, await CountAsync(etcd, "/bk/a/"));
        await Until(async () => await CountAsync(etcd, "/bk/b/") == 1, "the node's records under the new prefix");

        // Serf off: its tags are withdrawn from the Serf agent, its view's nodes leave the stream, search keeps etcd's.
        Assert.NotNull(node.Update(new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(new SerfUpdate(Enabled: false))), []));
        await backends.ApplyAsync();
        Assert.Null(backends.Serf);
        Assert.Equal(["etcd"], backends.Readers.Select(b => b.Status.Backend));
        Assert.Equal(["discovery.etcd"], Checks(backends));
        await using (var rpc = await _serf.ConnectAsync(0))
        {
            var tags = (await rpc.MembersAsync()).Single().Tags;
            Assert.False(tags.ContainsKey(TagSummary.VersionTag), $"tags left after Serf was turned off: {string.Join(',', tags.Keys)}");
        }
        Assert.Contains(Drain(changes), c => c.Kind == CloudChangeKinds.NodeLeft && c.Source == CloudView.Source && c.Node == member);
        Assert.Equal(["owl web etcd"], Search(backends));
        backends.Reannounce(); // nothing to announce through: no error

        // Everything off: the etcd lease is revoked at once, and nothing is left to search or check.
        Assert.NotNull(node.Update(new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(Etcd: new EtcdUpdate(Enabled: false))), []));
        await backends.ApplyAsync();
        Assert.Empty(backends.Readers);
        Assert.Empty(Checks(backends));
        Assert.Equal(0, await CountAsync(etcd, "/bk/b/"));
        Assert.Contains(Drain(changes), c => c.Kind == CloudChangeKinds.NodeLeft && c.Source == EtcdView.Source && c.Node == "owl");

        // Serf back on: a new instance that publishes again.
        Assert.NotNull(node.Update(new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(new SerfUpdate(Enabled: true))), []));
        await backends.ApplyAsync();
        Assert.NotNull(backends.Serf);
        Assert.NotSame(serf, backends.Serf);
        await Until(() => Search(backends).Contains($"{member} web serf"), "own service found through Serf again");

        Assert.Equal(
            ["Serf discovery turned off", "Serf discovery turned on", "etcd discovery restarted with its new settings", "etcd discovery turned off", "etcd discovery turned on"],
            events.List(100, null).Where(e => e.Kind == "discovery.backend.applied").Select(e => e.Message).Order(StringComparer.Ordinal));
        Assert.Equal(0, identified);

        await backends.StopAsync(CancellationToken.None);
        Drain(changes);
        await changes.Completion.WaitAsync(TimeSpan.FromSeconds(5)); // the change stream ends when the agent stops
    }

    private static List<string> Search(DiscoveryBackends backends)
    {
        var nodes = new List<BackendNode>();
        foreach (var backend in backends.Readers)
        {
            backend.Collect(nodes);
        }
        return [.. nodes.SelectMany(n => n.Records.Select(s => $"{n.Name} {s.Name} {n.Source}")).Order(StringComparer.Ordinal)];
    }

    private static List<string> Checks(DiscoveryBackends backends)
    {
        var checks = new List<HealthCheck>();
        backends.AddChecks(checks);
        return [.. checks.Select(c => c.Name)];
    }

    private static List<CloudChange> Drain(System.Threading.Channels.ChannelReader<CloudChange> reader)
    {
        var changes = new List<CloudChange>();
        while (reader.TryRead(out var change))
        {
            changes.Add(change);
        }
        return changes;
    }

    /// <summary>Node keys under <paramref name="prefix"/>.</summary>
    private static async Task<int> CountAsync(EtcdClient etcd, string prefix) =>
        (await etcd.RangeAsync(prefix + "nodes/", 0, CancellationToken.None)).Items.Count;

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), () => what);

    private static Task Until(Func<bool> condition, Func<string> what) => Until(() => Task.FromResult(condition()), what);

    private static Task Until(Func<Task<bool>> condition, string what) => Until(condition, () => what);

    private static async Task Until(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 15 s: {what()}");
            await Task.Delay(100);
        }
    }
}
