using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery;

/// <summary>How search and the statistics merge what several backends know (pure logic: the backends are tested against real engines).</summary>
public sealed class CloudSearchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly string IdA = new('a', 32);
    private static readonly string IdB = new('b', 32);

    private static BackendNode Node(string source, string name, string? id, string community, string address, DateTimeOffset seen, params LocalService[] services) =>
        new(source, name, id, community, [address], null, services, seen);

    [Fact]
    public void TheSameServiceFromTwoBackendsIsOneResultListingBoth()
    {
        var web = Svc("_http._tcp", "web", 80);
        BackendNode[] nodes =
        [
            Node("serf", "serf-a", IdA, "sants", "10.0.0.1", T0, web),
            Node("serf", "router", null, "", "10.0.0.9", T0),
            Node("etcd", "node-a", IdA, "sants", "10.1.0.1", T0.AddSeconds(5), web with { Port = 8080 }, Svc("_ssh._tcp", "ssh", 22)),
            Node("etcd", "node-b", IdB, "gracia", "10.1.0.2", T0.AddSeconds(5), Svc("_http._tcp", "web", 80)),
        ];

        var results = CloudSearch.Search(nodes, new SearchQuery());
        var stats = CloudSearch.Stats(nodes, [], T0);

        Assert.Equal(3, results.Count);
        var merged = results.Single(r => r.Record.NodeId == IdA && r.Record.Type == "_http._tcp");
        Assert.Equal(["serf", "etcd"], merged.Sources);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["serf"] = T0, ["etcd"] = T0.AddSeconds(5) }, merged.LastSeenBy);
        Assert.Equal(T0.AddSeconds(5), merged.LastSeen);
        // Serf, given first, wins the details; the addresses of both are kept.
        Assert.Equal(("serf-a", 80), (merged.Record.NodeName, merged.Record.Port));
        Assert.Equal(["10.0.0.1", "10.1.0.1"], merged.Record.Addresses);
        Assert.Equal(["etcd"], results.Single(r => r.Record.Type == "_ssh._tcp").Sources);
        Assert.Equal((3, 2), (stats.Nodes, stats.Agents));
        Assert.Equal(new Dictionary<string, int> { ["_http._tcp"] = 2, ["_ssh._tcp"] = 1 }, stats.Instances);
        Assert.Equal(["", "gracia", "sants"], stats.Communities.Select(c => c.Community));
        Assert.Equal(2, stats.Communities.Single(c => c.Community == "sants").Instances.Values.Sum());
    }

    [Fact]
    public void FiltersApplyToTheMergedNode()
    {
        BackendNode[] nodes =
        [
            Node("serf", "serf-a", IdA, "sants", "10.0.0.1", T0, Svc("_http._tcp", "web", 80, ("path", "/wiki"))),
            Node("etcd", "node-a", IdA, "sants", "10.1.0.1", T0, Svc("_ssh._tcp", "ssh", 22)),
            Node("etcd", "node-b", IdB, "gracia", "10.1.0.2", T0, Svc("_http._tcp", "web", 80)),
        ];

        Assert.Equal(2, CloudSearch.Search(nodes, new SearchQuery(Node: "serf-a")).Count);
        Assert.Equal(2, CloudSearch.Search(nodes, new SearchQuery(Node: "node-a")).Count); // its name in etcd finds it too
        Assert.Equal(2, CloudSearch.Search(nodes, new SearchQuery(Text: "node-a")).Count);
        Assert.Equal(2, CloudSearch.Search(nodes, new SearchQuery(Node: IdA)).Count);
        Assert.Equal(IdB, Assert.Single(CloudSearch.Search(nodes, new SearchQuery(Community: "GRACIA"))).Record.NodeId);
        Assert.Equal("web", Assert.Single(CloudSearch.Search(nodes, new SearchQuery(Text: "wiki"))).Record.Name);
        Assert.Equal(2, CloudSearch.Search(nodes, new SearchQuery(Type: "_http._tcp")).Count);
    }
}
