using System.Diagnostics;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Etcd;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;
using Xunit.Abstractions;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>
/// The etcd backend when etcd is absent, killed and restarted, or loses its leader: the agent says so, keeps
/// answering from memory, and is published again within 5 s of etcd's return.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdDiscoveryFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Republish = TimeSpan.FromSeconds(5);
    private readonly string _prefix = $"/nodeagent-test/{Guid.NewGuid():N}/";

    /// <summary>This node's node key carries its current lease: the node is published on this session.</summary>
    private async Task<bool> PublishedOnCurrentLeaseAsync(EtcdClient raw, EtcdHarness agent)
    {
        try
        {
            var range = await raw.RangeAsync($"{_prefix}nodes/{agent.NodeId}");
            return agent.Service.Lease != 0 && range.Items.Count == 1 && range.Items[0].Lease == agent.Service.Lease;
        }
        catch (EtcdException)
        {
            return false;
        }
    }

    [Fact]
    public async Task EtcdAbsentAtStartThenStartedTheAgentPublishesWithinFiveSeconds()
    {
        var (clientPort, peerPort) = EtcdProcess.FreePorts(1)[0];
        var url = $"http://127.0.0.1:{clientPort}";
        await using var a = await EtcdHarness.StartAsync([url], _prefix, "early", [Svc("_http._tcp", "web", 80)]);
        await WaitUntilAsync(() => a.Events.Any(e => e.Kind == "discovery.etcd.down"), TimeSpan.FromSeconds(5), "down reported");
        Assert.Equal(DiscoveryStatus.Down, a.Status.Check().Status);
        Assert.Equal("discovery.etcd", a.Status.Check().Name);

        await using var member = EtcdProcess.Start("late", clientPort, peerPort, $"late=http://127.0.0.1:{peerPort}", $"t-{Guid.NewGuid():N}");
        await member.WaitHealthyAsync(TimeSpan.FromSeconds(20));
        using var raw = new EtcdClient([url]);
        var took = await WaitUntilAsync(() => a.Status.IsUp && PublishedOnCurrentLeaseAsync(raw, a).Result, TimeSpan.FromSeconds(10), "published after etcd came");
        output.WriteLine($"published {took.TotalMilliseconds:0} ms after etcd was healthy");
        Assert.True(took <= Republish, $"published {took.TotalSeconds:0.0} s after etcd was healthy");
        Assert.Single(a.Search());
    }

    [Fact]
    public async Task EtcdKilledAndRestartedTheAgentSaysDownAnswersFromMemoryAndRepublishesWithinFiveSeconds()
    {
        await using var member = await EtcdProcess.StartSingleAsync("crashy");
        await using var a = await EtcdHarness.StartAsync([member.ClientUrl], _prefix, "node-a", [Svc("_http._tcp", "web", 80)]);
        await using var b = await EtcdHarness.StartAsync([member.ClientUrl], _prefix, "node-b");
        await WaitUntilAsync(() => b.Search().Count == 1 && a.Status.IsUp, TimeSpan.FromSeconds(10), "found");
        var firstLease = a.Service.Lease;

        await member.KillAsync();
        var noticed = await WaitUntilAsync(() => !a.Status.IsUp && !b.Status.IsUp, TimeSpan.FromSeconds(5), "down noticed");
        Assert.Contains(a.Events, e => e.Kind == "discovery.etcd.down");
        Assert.Single(b.Search()); // still answers from memory
        a.Source.Set([Svc("_http._tcp", "web", 80), Svc("_ssh._tcp", "ssh", 22)]); // changed while etcd is away

        var clock = Stopwatch.StartNew();
        await member.RestartAsync(TimeSpan.FromSeconds(20));
        var healthyAfter = clock.Elapsed;
        using var raw = new EtcdClient([member.ClientUrl]);
        var took = await WaitUntilAsync(() => a.Status.IsUp && PublishedOnCurrentLeaseAsync(raw, a).Result, TimeSpan.FromSeconds(10), "republished");
        await WaitUntilAsync(() => b.Search().Count == 2, TimeSpan.FromSeconds(5), "the change made while etcd was away found");

        output.WriteLine($"down noticed in {noticed.TotalMilliseconds:0} ms; republished {took.TotalMilliseconds:0} ms after etcd was healthy again");
        Assert.True(took <= Republish, $"republished {took.TotalSeconds:0.0} s after etcd was healthy again ({healthyAfter.TotalSeconds:0.0} s to restart; down noticed in {noticed.TotalSeconds:0.0} s)");
        Assert.NotEqual(firstLease, a.Service.Lease);
        // Every key of the node hangs on the new lease; the old one was revoked, not left to expire.
        var keys = (await raw.RangeAsync(_prefix)).Items.Where(i => i.KeyText.Contains(a.NodeId, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.Equal(a.Service.Lease, k.Lease));
        Assert.False(await raw.LeaseRevokeAsync(firstLease));
    }

    [Fact]
    public async Task LosingTheClusterLeaderNeitherHidesRecordsNorStopsPublishing()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        // The leader first in both agents' lists, so both work through it until it dies.
        IReadOnlyList<string> endpoints = [leader.ClientUrl, .. cluster.ClientUrls.Where(u => u != leader.ClientUrl)];
        await using var a = await EtcdHarness.StartAsync(endpoints, _prefix, "node-a", [Svc("_http._tcp", "web", 80)]);
        await using var b = await EtcdHarness.StartAsync(endpoints, _prefix, "node-b");
        await WaitUntilAsync(() => b.Search().Count == 1, TimeSpan.FromSeconds(10), "found");
        var lease = a.Service.Lease;

        using var watching = new CancellationTokenSource();
        var hidden = 0;
        var sampler = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                if (b.Search(new SearchQuery(Type: "_http._tcp")).Count == 0)
                {
                    Interlocked.Increment(ref hidden);
                }
                await Task.Delay(20);
            }
        });
        await leader.KillAsync();
        a.Source.Set([Svc("_http._tcp", "web", 80), Svc("_ssh._tcp", "ssh", 22)]);
        await WaitUntilAsync(() => b.Search().Count == 2, TimeSpan.FromSeconds(10), "published after the leader died");
        // Past a TTL: the lease was kept alive through the other members.
        await Task.Delay(TimeSpan.FromSeconds(11));
        await watching.CancelAsync();
        await sampler;

        Assert.Equal(0, hidden);
        Assert.Equal(2, b.Search().Count);
        Assert.Equal(lease, a.Service.Lease);
        Assert.True(a.Status.IsUp && b.Status.IsUp);
    }
}
