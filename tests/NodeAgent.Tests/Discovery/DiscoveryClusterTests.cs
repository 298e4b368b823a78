using System.Text;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Serf;
using NodeAgent.Tests.Discovery.Serf;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery;

/// <summary>
/// The discovery service on one agent of a real Serf cluster, other nodes played by <see cref="RecordPublisher"/>s:
/// search completeness, removal, node failure, Serf dying under the service, hostile nodes.
/// </summary>
[Trait("Category", "Serf")]
public sealed class DiscoveryClusterTests
{
    private static readonly TimeSpan Found = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SearchFindsEveryServiceOnThreeNodesAndARemovedOneIsGoneWithinFiveSeconds()
    {
        await using var cluster = await SerfCluster.StartAsync(3, "ds");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint, [Svc("_http._tcp", "own web", 80)], community: "guifi");
        var changes = discovery.View.Changes.Subscribe()!;
        var many = Enumerable.Range(0, 30).Select(i => Svc("_syncthing._tcp", $"sync {i:D2}", 22000 + i, ("device", new string('x', 40)), ("idx", $"{i}"))).ToList();
        await using var one = await RecordPublisher.StartAsync(cluster[1], [Svc("_dns._udp", "guifi dns", 53, ("zone", "guifi.net")), Svc("_proxy3._tcp", "proxy", 3128)], "guifi");
        await using var two = await RecordPublisher.StartAsync(cluster[2], many, "sants");
        Assert.True(RecordCodec.Paginate(two.NodeId, many).Pages.Count > 3, "30 services must need several pages");

        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 33, Found, "all 33 services found");

        var all = discovery.View.Search(new SearchQuery());
        var dns = Assert.Single(all, r => r.Record.Type == "_dns._udp").Record;
        Assert.Equal(("ds-1", one.NodeId, "guifi", 53, "guifi.net"), (dns.NodeName, dns.NodeId, dns.Community, dns.Port, dns.Fields["zone"]));
        Assert.Equal([cluster[1].Address.ToString()], dns.Addresses);
        Assert.All(all, r => Assert.Equal(["serf"], r.Sources));
        Assert.All(all, r => Assert.InRange(r.LastSeen, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(30, discovery.View.Search(new SearchQuery(Type: "_syncthing._tcp", Community: "SANTS")).Count);
        Assert.Equal("own web", Assert.Single(discovery.View.Search(new SearchQuery(Node: discovery.NodeId))).Record.Name);
        Assert.Equal(["guifi dns", "own web", "proxy"], discovery.View.Search(new SearchQuery(Text: "GUIFI")).Select(r => r.Record.Name).Order()); // name, field, community
        var stats = discovery.View.Stats([]);
        Assert.Equal((3, 3, 30), (stats.Nodes, stats.Agents, stats.Instances["_syncthing._tcp"]));
        Assert.Equal(["guifi", "sants"], stats.Communities.Select(c => c.Community));

        await one.SetServicesAsync([Svc("_dns._udp", "guifi dns", 53, ("zone", "guifi.net"))]);
        var gone = await WaitUntilAsync(() => discovery.View.Search(new SearchQuery(Type: "_proxy3._tcp")).Count == 0, Found, "removed service gone");
        discovery.Source.Set([Svc("_http._tcp", "own web", 80), Svc("_ssh._tcp", "own ssh", 22)]);
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery(Type: "_ssh._tcp")).Count == 1, Found, "own new service found");

        var seen = new List<CloudChange>();
        while (changes.TryRead(out var change))
        {
            seen.Add(change);
        }
        Assert.Contains(seen, c => c.Kind == CloudChangeKinds.ServiceDown && c.Service?.Name == "proxy" && c.Node == "ds-1");
        Assert.Contains(seen, c => c.Kind == CloudChangeKinds.ServiceUp && c.Service?.Name == "own ssh");
        Assert.Equal(33, seen.Count(c => c.Kind == CloudChangeKinds.ServiceUp && c.Service?.Name != "own ssh"));
        Assert.True(gone < Found, $"gone after {gone}");
    }

    [Fact]
    public async Task AKilledNodeDisappearsWithItsServices()
    {
        await using var cluster = await SerfCluster.StartAsync(3, "dk");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint);
        await using var one = await RecordPublisher.StartAsync(cluster[1], [Svc("_a._tcp", "a", 1)]);
        await using var two = await RecordPublisher.StartAsync(cluster[2], [Svc("_b._tcp", "b", 2)]);
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 2, Found, "both found");
        var changes = discovery.View.Changes.Subscribe()!;

        await cluster[2].StopAsync();
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 1, TimeSpan.FromSeconds(15), "killed node's service gone");

        Assert.Equal("a", Assert.Single(discovery.View.Search(new SearchQuery())).Record.Name);
        Assert.Equal((3 - 1, 2), (discovery.View.Stats([]).Nodes, discovery.View.Stats([]).Agents));
        Assert.True(changes.TryRead(out var first));
        Assert.True(changes.TryRead(out var second));
        Assert.Equal([CloudChangeKinds.ServiceDown, CloudChangeKinds.NodeFailed], new[] { first.Kind, second.Kind });
        Assert.Equal("b", first.Service!.Name);
    }

    [Fact]
    public async Task SerfKilledAndRestartedUnderTheServiceIsReconnectedAndRepublishedWithinFiveSeconds()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "dr");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint, [Svc("_web._tcp", "site", 8080)]);
        await using var observer = await SerfRpcClient.ConnectAsync(cluster[1].RpcEndpoint);
        var digest = RecordDigest.Compute(discovery.NodeId, discovery.Source.Healthy);
        async Task<bool> PublishedAsync() => (await observer.MembersAsync()).Any(m => m.Name == "dr-0" && m.Status == SerfMemberStatus.Alive && m.Tags.GetValueOrDefault("d") == digest);
        await WaitUntilAsync(() => discovery.Status.IsUp && PublishedAsync().Result, Found, "published");

        await cluster[0].StopAsync();
        await WaitUntilAsync(() => !discovery.Status.IsUp, Found, "down noticed");
        Assert.Equal(DiscoveryStatus.Down, discovery.Status.Check().Status);
        Assert.Single(discovery.View.Search(new SearchQuery())); // still answers from memory
        await Task.Delay(3000); // long enough for the backoff to reach its cap
        var restarted = await cluster[0].RestartAsync(join: cluster[1].GossipAddress);
        await using (restarted)
        {
            // Asked of the new agent itself: it starts without tags, so only a republish can have set them (the
            // observer may still show the old agent's tags for a moment).
            await using var fresh = await SerfRpcClient.ConnectAsync(restarted.RpcEndpoint);
            var republished = await WaitUntilAsync(
                () => fresh.MembersAsync().Result.Any(m => m.Name == "dr-0" && m.Tags.GetValueOrDefault("d") == digest) && discovery.Status.IsUp,
                TimeSpan.FromSeconds(10), "republished after restart");
            await WaitUntilAsync(() => PublishedAsync().Result, Found, "the republished tags reach the other node");

            Assert.True(republished < Found, $"republished {republished.TotalSeconds:F1} s after Serf came back");
            lock (discovery.Events)
            {
                Assert.Equal(["discovery.serf.up", "discovery.serf.down", "discovery.serf.up"], discovery.Events.Select(e => e.Kind));
            }
        }
    }

    [Fact]
    public async Task HostileNodesAreRefusedWithoutPoisoningResultsOrStoppingTheService()
    {
        await using var cluster = await SerfCluster.StartAsync(8, "dh");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint);
        await using var honest = await RecordPublisher.StartAsync(cluster[1], [Svc("_ok._tcp", "honest", 1000)]);
        var fake = Enumerable.Range(0, 3).Select(i => Svc("_fake._tcp", $"f{i}", 1)).ToList();
        // Not JSON at all.
        await using var garbage = await RecordPublisher.StartAsync(cluster[2], fake, answer: (_, _) => Encoding.UTF8.GetBytes("\u0000{{not json"));
        // Valid JSON with the wrong shape and an extra member.
        await using var shape = await RecordPublisher.StartAsync(cluster[3], fake, answer: (p, _) => Encoding.UTF8.GetBytes($"{{\"v\":1,\"p\":0,\"n\":1,\"d\":\"{p.Digest}\",\"i\":\"{p.NodeId}\",\"s\":[{{\"t\":\"_fake._tcp\",\"i\":\"x\",\"p\":70000,\"f\":{{}}}}],\"x\":1}}"));
        // Honest pages, but tags announcing another digest.
        await using var digest = await RecordPublisher.StartAsync(cluster[4], fake, tags: s => TagSummary.Build(s with { Digest = "0123456789abcdef" }));
        // Claims 10,000 pages of services.
        await using var huge = await RecordPublisher.StartAsync(cluster[5], fake, answer: (p, _) => Encoding.UTF8.GetBytes($"{{\"v\":1,\"p\":0,\"n\":10000,\"d\":\"{p.Digest}\",\"i\":\"{p.NodeId}\",\"s\":[]}}"));
        // Oversized answers: refused by its own Serf, so they time out here.
        await using var oversized = await RecordPublisher.StartAsync(cluster[6], fake, answer: (_, _) => new byte[4000]);
        // Tags that are not a NodeAgent summary: a node, not an agent.
        await using var badTags = await RecordPublisher.StartAsync(cluster[7], fake, tags: s => new Dictionary<string, string>(TagSummary.Build(s)) { ["id"] = "../../etc" });

        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 1, Found, "honest service found");
        await WaitUntilAsync(() => discovery.Status.FetchFailures >= 4, TimeSpan.FromSeconds(10), "hostile answers refused");

        var result = Assert.Single(discovery.View.Search(new SearchQuery()));
        Assert.Equal("honest", result.Record.Name);
        Assert.True(discovery.View.Rejected >= 4, $"{discovery.View.Rejected} refusals");
        Assert.True(discovery.Status.IsUp);
        // Every publisher's tags reach the observer in their own time (gossip among eight agents, which a loaded CI
        // machine slows: it missed 5 s once at the start of a run). What this test is about is above; the counting
        // gets the cluster's convergence time, not the discovery target.
        await WaitUntilAsync(() => discovery.View.Stats([]) is { Nodes: 8, Agents: 7 }, TimeSpan.FromSeconds(30), "seven agents and a plain node counted");
        var stats = discovery.View.Stats([]);
        Assert.Equal(["_ok._tcp"], stats.Instances.Keys);
        Assert.True(garbage.Answered > 0 && shape.Answered > 0 && huge.Answered > 0, "the hostile nodes did answer");
        // Still serving: a change on the honest node is picked up.
        await honest.SetServicesAsync([Svc("_ok._tcp", "honest", 1000), Svc("_ok._tcp", "second", 1001)]);
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 2, Found, "honest change found");
    }

    [Fact]
    public async Task AChangeIsFoundAtOnceAndAnIdleCloudIsNotPolled()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "dn");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint);
        await using var one = await RecordPublisher.StartAsync(cluster[1], [Svc("_a._tcp", "a", 1)]);
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 1, Found, "first service found");
        await Task.Delay(TimeSpan.FromSeconds(6)); // notices settled (NoticeWindow is 5 s)

        var idle = discovery.MemberReads;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(idle, discovery.MemberReads); // was one read every 500 ms

        await one.SetServicesAsync([Svc("_a._tcp", "a", 1), Svc("_b._tcp", "b", 2)]);
        var found = await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 2, Found, "changed set found");
        Assert.True(found < Found, $"found after {found}");
        // Whether the notice or the tag change's member-update event gets there first is a race: a notice the member
        // list already shows is settled without a read (Settle), so a read cannot be required here. That a notice
        // alone makes the agent read the member list is checked without the race by
        // ForgedNoticesCostABoundedNumberOfReadsAndChangeNothing.
    }

    [Fact]
    public async Task ForgedNoticesCostABoundedNumberOfReadsAndChangeNothing()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "df");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint);
        await using var honest = await RecordPublisher.StartAsync(cluster[1], [Svc("_ok._tcp", "honest", 1)]);
        await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 1, Found, "honest service found");
        await Task.Delay(TimeSpan.FromSeconds(6));
        await using var forger = await SerfRpcClient.ConnectAsync(cluster[1].RpcEndpoint);
        var before = discovery.MemberReads;

        // A notice for a node that does not exist, malformed ones, and one far too large.
        await forger.UserEventAsync(RecordNotice.EventName, new RecordNotice(RecordPublisher.NewNodeId(), "0123456789abcdef").Encode(), coalesce: false);
        await forger.UserEventAsync(RecordNotice.EventName, Encoding.ASCII.GetBytes("../../etc/passwd 0123456789abcdef"), coalesce: false);
        await forger.UserEventAsync(RecordNotice.EventName, Encoding.ASCII.GetBytes(new string('f', 32) + " " + new string('X', 16)), coalesce: false);
        await forger.UserEventAsync(RecordNotice.EventName, new byte[300], coalesce: false);
        await Task.Delay(TimeSpan.FromSeconds(7)); // past NoticeWindow

        var spent = discovery.MemberReads - before;
        Assert.InRange(spent, 1, (int)(5 / 0.25) + 2); // polled while it waited for the forged node, then stopped
        var after = discovery.MemberReads;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(after, discovery.MemberReads);
        Assert.Equal("honest", Assert.Single(discovery.View.Search(new SearchQuery())).Record.Name);
        Assert.True(discovery.Status.IsUp);
    }

    [Fact]
    public async Task AStoppedAgentWithdrawsItsRecordsAtOnceWhileItsSerfMemberStays()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "dw");
        await using var observer = await StartAsync(cluster[1].RpcEndpoint);
        var leaving = await StartAsync(cluster[0].RpcEndpoint, [Svc("_web._tcp", "site", 8080)]);
        await WaitUntilAsync(() => observer.View.Search(new SearchQuery()).Count == 1, Found, "service found");
        var changes = observer.View.Changes.Subscribe()!;

        await leaving.DisposeAsync();
        var gone = await WaitUntilAsync(() => observer.View.Search(new SearchQuery()).Count == 0, Found, "withdrawn service gone");

        Assert.True(gone < TimeSpan.FromSeconds(1), $"gone after {gone}: the notice, not the coalesced member event, should bring it");
        var stats = observer.View.Stats([]);
        Assert.Equal((2, 1), (stats.Nodes, stats.Agents)); // the Serf member is still there, without an agent
        await using var raw = await SerfRpcClient.ConnectAsync(cluster[1].RpcEndpoint);
        var member = Assert.Single(await raw.MembersAsync(), m => m.Name == "dw-0");
        Assert.Equal(SerfMemberStatus.Alive, member.Status);
        Assert.DoesNotContain(member.Tags.Keys, TagSummary.AllTags.Contains);
        Assert.True(changes.TryRead(out var down));
        Assert.Equal((CloudChangeKinds.ServiceDown, "site"), (down.Kind, down.Service!.Name));
    }

    [Fact]
    public async Task AJoinedCloudIsReadWithOneQueryAndMultiPageOrHostileNodesFallBackToTheirOwn()
    {
        await using var cluster = await SerfCluster.StartAsync(7, "db", isolated: true); // its own key: no other test's agent can join
        var many = Enumerable.Range(0, 30).Select(i => Svc("_syncthing._tcp", $"sync {i:D2}", 22000 + i, ("device", new string('x', 40)))).ToList();
        var publishers = new List<RecordPublisher>
        {
            await RecordPublisher.StartAsync(cluster[1], [Svc("_a._tcp", "a", 1)]),
            await RecordPublisher.StartAsync(cluster[2], [Svc("_b._tcp", "b", 2)]),
            await RecordPublisher.StartAsync(cluster[3], [Svc("_c._tcp", "c", 3)]),
            await RecordPublisher.StartAsync(cluster[4], many), // several pages: fetched on its own
            await RecordPublisher.StartAsync(cluster[5], [Svc("_x._tcp", "x", 5)], answer: (_, _) => Encoding.UTF8.GetBytes("\u0000{{not json")),
            await RecordPublisher.StartAsync(cluster[6], [Svc("_e._tcp", "e", 6)]),
        };
        try
        {
            await using var discovery = await StartAsync(cluster[0].RpcEndpoint, [Svc("_own._tcp", "own", 7)]);
            await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == 5 + 30, TimeSpan.FromSeconds(15), "every honest service found");
            // Asked alone after the bulk query; on a loaded machine its query may time out first and be retried later.
            await WaitUntilAsync(() => discovery.Status.FetchFailures >= 1, TimeSpan.FromSeconds(40), "the garbage answer refused");

            Assert.Empty(discovery.View.Search(new SearchQuery(Type: "_x._tcp")));
            Assert.Equal(30, discovery.View.Search(new SearchQuery(Type: "_syncthing._tcp")).Count);
            Assert.Equal((7, 7), (discovery.View.Stats([]).Nodes, discovery.View.Stats([]).Agents));
            var asked = discovery.Queried;
            Assert.Equal("*", asked[0]); // one query to all first
            // Their single pages came with it (on a loaded machine an answer may miss the query's 2 s; that node is then asked alone).
            Assert.True(asked.Count(n => n is "db-1" or "db-2" or "db-3" or "db-6") < 4, string.Join(" ", asked));
            Assert.Contains("db-4", asked); // the other pages of the 30-service node
            Assert.Contains("db-5", asked); // the garbage answer, asked again on its own
        }
        finally
        {
            await Task.WhenAll(publishers.Select(p => p.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task ANodeAskedThroughTheCloudToIdentifyHearsItAndNoOtherDoes()
    {
        await using var cluster = await SerfCluster.StartAsync(3, "di");
        await using var a = await StartAsync(cluster[0].RpcEndpoint);
        await using var b = await StartAsync(cluster[1].RpcEndpoint);
        await using var c = await StartAsync(cluster[2].RpcEndpoint);
        await WaitUntilAsync(() => a.Status.IsUp && b.Status.IsUp && c.Status.IsUp, Found, "all connected");
        var heard = new[] { 0, 0, 0 };
        a.Service.IdentifyAsked += () => Interlocked.Increment(ref heard[0]);
        b.Service.IdentifyAsked += () => Interlocked.Increment(ref heard[1]);
        c.Service.IdentifyAsked += () => Interlocked.Increment(ref heard[2]);
        await using var forger = await SerfRpcClient.ConnectAsync(cluster[2].RpcEndpoint);
        await forger.UserEventAsync(DiscoveryService.IdentifyEventName, Encoding.ASCII.GetBytes(b.NodeId.ToUpperInvariant()), coalesce: false);
        await forger.UserEventAsync(DiscoveryService.IdentifyEventName, new byte[400], coalesce: false);

        Assert.True(await a.Service.AskIdentifyAsync(b.NodeId, CancellationToken.None));
        await WaitUntilAsync(() => Volatile.Read(ref heard[1]) == 1, Found, "b asked to identify");
        await Task.Delay(500);

        Assert.Equal([0, 1, 0], heard);
        await Assert.ThrowsAsync<ArgumentException>(() => a.Service.AskIdentifyAsync("../etc", CancellationToken.None));
        Assert.True(b.Status.IsUp);
    }

    [Fact]
    public async Task ReannouncingSendsANoticeEvenWhenNothingChanged()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "dra");
        await using var discovery = await StartAsync(cluster[0].RpcEndpoint, [Svc("_web._tcp", "site", 80)]);
        await using var listener = await SerfRpcClient.ConnectAsync(cluster[1].RpcEndpoint);
        await WaitUntilAsync(() => discovery.Status.IsUp, Found, "connected");
        await Task.Delay(1000); // the first notice has gone by
        var stream = await listener.StreamAsync("user:" + RecordNotice.EventName);
        await using (stream)
        {
            discovery.Service.Reannounce();
            using var limit = new CancellationTokenSource(Found);
            var e = Assert.IsType<SerfUserEvent>(await stream.ReadAsync(limit.Token));
            Assert.Equal(new RecordNotice(discovery.NodeId, RecordDigest.Compute(discovery.NodeId, discovery.Source.Healthy)), RecordNotice.TryDecode(e.Payload));
        }
    }
}
