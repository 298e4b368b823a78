using System.Diagnostics;
using System.Text;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Etcd;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>
/// The etcd backend against one real etcd member: two agents publish and find each other, changes write only
/// what changed, a clean stop takes a node's records at once, and hostile keys and values are refused.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdDiscoveryTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private static readonly TimeSpan Found = TimeSpan.FromSeconds(10);
    private readonly string _prefix = $"/nodeagent-test/{Guid.NewGuid():N}/";

    private IReadOnlyList<string> Endpoints => [fixture.Member.ClientUrl];

    [Fact]
    public async Task TwoAgentsFindEachOthersRecordsAndOnlyChangedKeysAreWritten()
    {
        var sync = Svc("_syncthing._tcp", "Sync at Sants/1", 22000, ("path", "/"));
        var web = Svc("_http._tcp", "web", 80);
        await using var a = await EtcdHarness.StartAsync(Endpoints, _prefix, "node-a", [sync, web], "sants");
        await using var b = await EtcdHarness.StartAsync(Endpoints, _prefix, "node-b", [Svc("_ssh._tcp", "ssh", 22)]);
        var changes = b.Hub.Subscribe()!;

        await WaitUntilAsync(() => b.Search().Count == 3 && a.Search().Count == 3, Found, "both agents find all three services");
        var found = Assert.Single(b.Search(new SearchQuery(Type: "_syncthing._tcp")));
        Assert.Equal((a.NodeId, "node-a", "sants", 22000, "/"), (found.Record.NodeId, found.Record.NodeName, found.Record.Community, found.Record.Port, found.Record.Fields["path"]));
        Assert.Equal(["192.0.2.7"], found.Record.Addresses);
        Assert.Equal(["etcd"], found.Sources);
        Assert.Equal(["etcd"], found.LastSeenBy!.Keys);
        Assert.True(a.Status.IsUp && b.Status.IsUp);
        Assert.Contains(a.Events, e => e.Kind == "discovery.etcd.up");

        using var raw = new EtcdClient(Endpoints);
        var before = (await raw.RangeAsync(_prefix)).Items.ToDictionary(i => i.KeyText);
        var syncKey = $"{_prefix}services/{a.NodeId}/_syncthing._tcp/Sync%20at%20Sants%2F1";
        Assert.Contains(syncKey, before.Keys);
        Assert.Equal(a.Service.Lease, before[syncKey].Lease);
        // Longer than a keepalive interval (TTL/3 ≈ 3.3 s): renewing the lease rewrites nothing.
        await Task.Delay(TimeSpan.FromSeconds(4));
        a.Source.Set([sync, web with { Port = 8080 }]);
        await WaitUntilAsync(() => b.Search(new SearchQuery(Type: "_http._tcp")).SingleOrDefault()?.Record.Port == 8080, Found, "changed port found");
        var after = (await raw.RangeAsync(_prefix)).Items.ToDictionary(i => i.KeyText);
        Assert.Equal(before[syncKey].ModRevision, after[syncKey].ModRevision);
        Assert.Equal(before[$"{_prefix}nodes/{a.NodeId}"].ModRevision, after[$"{_prefix}nodes/{a.NodeId}"].ModRevision);
        Assert.Equal(2, after[$"{_prefix}services/{a.NodeId}/_http._tcp/web"].Version);

        a.Source.Set([sync]);
        await WaitUntilAsync(() => b.Search(new SearchQuery(Type: "_http._tcp")).Count == 0, Found, "removed service gone");
        Assert.DoesNotContain($"{_prefix}services/{a.NodeId}/_http._tcp/web", (await raw.RangeAsync(_prefix)).Items.Select(i => i.KeyText));

        var clock = Stopwatch.StartNew();
        await a.StopAsync();
        await WaitUntilAsync(() => b.Search(new SearchQuery(Node: a.NodeId)).Count == 0, TimeSpan.FromSeconds(2), "stopped node's records gone at once");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"gone after {clock.Elapsed}");
        Assert.DoesNotContain((await raw.RangeAsync(_prefix)).Items, i => i.KeyText.Contains(a.NodeId, StringComparison.Ordinal));
        var kinds = new List<(string, string?)>();
        while (changes.TryRead(out var c))
        {
            Assert.Equal("etcd", c.Source);
            kinds.Add((c.Kind, c.Service?.Name));
        }
        Assert.Contains((CloudChangeKinds.ServiceDown, "web"), kinds);
        Assert.Contains((CloudChangeKinds.NodeLeft, null), kinds);
    }

    [Fact]
    public async Task MalformedKeysAndValuesAreRefusedAndNeverPoisonResults()
    {
        await using var a = await EtcdHarness.StartAsync(Endpoints, _prefix, "honest", [Svc("_http._tcp", "web", 80)]);
        await using var b = await EtcdHarness.StartAsync(Endpoints, _prefix, "observer");
        await WaitUntilAsync(() => b.Search().Count == 1, Found, "honest service found");
        using var raw = new EtcdClient(Endpoints);
        var other = RecordPublisher.NewNodeId();
        var node = """{"v":1,"n":"other","c":"","a":[],"na":"1.0.0"}""";
        // Plain puts through the JSON gateway, as any program on the network could write them.
        (string Key, string Value)[] junk =
        [
            ("garbage", "{}"),
            ("nodes/not-an-id", node),
            ("nodes/" + RecordPublisher.NewNodeId(), "not json"),
            ("nodes/" + RecordPublisher.NewNodeId(), """{"v":1,"n":"BAD NAME","c":"","a":[],"na":"1"}"""),
            ("nodes/" + RecordPublisher.NewNodeId(), """{"v":1,"n":"x","c":"","a":["not-an-ip"],"na":"1"}"""),
            ("nodes/" + RecordPublisher.NewNodeId(), """{"v":1,"n":"x","c":"","a":[],"na":"1","evil":true}"""),
            ("nodes/" + RecordPublisher.NewNodeId(), """{"v":2,"n":"x","c":"","a":[],"na":"1"}"""),
            ("nodes/" + other, node),
            ($"services/{other}/_http._tcp/x", """{"t":"_http._tcp","i":"y","p":1,"f":{}}"""),
            ($"services/{other}/_http._tcp/big", """{"t":"_http._tcp","i":"big","p":1,"f":{"k":" """ + new string('x', 2000) + "\"}}"),
            ($"services/{other}/_http._tcp/port", """{"t":"_http._tcp","i":"port","p":70000,"f":{}}"""),
            ($"services/{other}/http/bad-type", """{"t":"http","i":"bad-type","p":1,"f":{}}"""),
            ($"services/{other}/_http._tcp/deep", """{"t":"_http._tcp","i":"deep","p":1,"f":{"a":[[[[[[[[[[1]]]]]]]]]]}}"""),
            ($"services/{other}/_http._tcp/ok", """{"t":"_http._tcp","i":"ok","p":8080,"f":{"a":"b"}}"""),
            ($"services/{a.NodeId}/_http._tcp/web", "\u0000\u0001binary"),
        ];
        foreach (var (key, value) in junk)
        {
            await raw.PutAsync(_prefix + key, Encoding.UTF8.GetBytes(value));
        }

        await WaitUntilAsync(() => b.View.Rejected >= junk.Length - 2, Found, "every bad key and value refused");
        // The honest node sees its key overwritten and writes it again; of the other node's services only the good one stays.
        await WaitUntilAsync(() => b.Search().Count == 2, Found, "the good services");
        Assert.Equal([("web", a.NodeId), ("ok", other)], b.Search().Select(r => (r.Record.Name, r.Record.NodeId)));
        Assert.Equal(junk.Length - 2, b.View.Rejected);
        Assert.True(b.Status.IsUp && a.Status.IsUp);
        var repaired = (await raw.RangeAsync($"{_prefix}services/{a.NodeId}/")).Items.Single();
        Assert.Equal(a.Service.Lease, repaired.Lease);

        // An agent started now reads the remaining junk in its first range, with the same result.
        await using var late = await EtcdHarness.StartAsync(Endpoints, _prefix, "late");
        await WaitUntilAsync(() => late.Status.IsUp && late.Search().Count == 2, Found, "late reader");
        Assert.Equal(["web", "ok"], late.Search().Select(r => r.Record.Name));
        Assert.Equal(junk.Length - 3, late.View.Rejected);
    }
}
