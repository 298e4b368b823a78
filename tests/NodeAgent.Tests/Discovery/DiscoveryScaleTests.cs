using System.Diagnostics;
using System.Globalization;
using NodeAgent.Discovery;
using NodeAgent.Tests.Discovery.Serf;
using Xunit.Abstractions;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery;

/// <summary>
/// 100 real Serf agents, 99 publishing two services each, the discovery service on agent 0: search is complete,
/// a change on the farthest node is found fast, and search answers from memory. bench/discovery.sh prints the numbers.
/// </summary>
[Trait("Category", "Scale")]
[Collection(SerfScaleGroup.Name)]
public sealed class DiscoveryScaleTests(ITestOutputHelper output)
{
    private const int Nodes = 100;

    [Fact]
    public async Task HundredNodesAreAllFoundAndAChangeOnTheFarthestIsSeenQuickly()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await SerfCluster.StartAsync(Nodes, "dsc", timeout: TimeSpan.FromSeconds(30), parallelism: 16);
        var publishers = new List<RecordPublisher>();
        try
        {
            foreach (var batch in Enumerable.Range(1, Nodes - 1).Chunk(8))
            {
                publishers.AddRange(await Task.WhenAll(batch.Select(i => RecordPublisher.StartAsync(cluster[i],
                    [Svc("_syncthing._tcp", $"sync {i}", 22000), Svc("_http._tcp", $"web {i}", 80, ("path", "/"))], community: i % 2 == 0 ? "even" : "odd"))));
            }
            var started = clock.Elapsed;
            var discoveryClock = Stopwatch.StartNew();
            await using var discovery = await StartAsync(cluster[0].RpcEndpoint, [Svc("_ssh._tcp", "here", 22)]);
            var complete = await WaitUntilAsync(() => discovery.View.Search(new SearchQuery()).Count == ((Nodes - 1) * 2) + 1, TimeSpan.FromSeconds(30), "every service of 100 nodes");

            var latency = TimeSpan.MaxValue;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
            {
                var one = Stopwatch.StartNew();
                Assert.Equal(Nodes - 1, discovery.View.Search(new SearchQuery(Type: "_syncthing._tcp")).Count);
                latency = one.Elapsed < latency ? one.Elapsed : latency;
            }
            var average = total.Elapsed / 100;

            var farthest = publishers[^1];
            var changed = Stopwatch.StartNew();
            await farthest.SetServicesAsync([Svc("_syncthing._tcp", $"sync {Nodes - 1}", 22000), Svc("_http._tcp", $"web {Nodes - 1}", 80, ("path", "/")), Svc("_new._tcp", "fresh", 9)]);
            var tagsSet = changed.Elapsed;
            await WaitUntilAsync(() => discovery.View.Search(new SearchQuery(Type: "_new._tcp")).Count == 1, TimeSpan.FromSeconds(10), "new service on the farthest node");
            var found = changed.Elapsed;
            changed.Restart();
            await farthest.SetServicesAsync([Svc("_syncthing._tcp", $"sync {Nodes - 1}", 22000), Svc("_http._tcp", $"web {Nodes - 1}", 80, ("path", "/"))]);
            await WaitUntilAsync(() => discovery.View.Search(new SearchQuery(Type: "_new._tcp")).Count == 0, TimeSpan.FromSeconds(10), "stopped service gone");
            var gone = changed.Elapsed;

            var stats = discovery.View.Stats([]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Nodes} Serf nodes with publishers up in {started.TotalSeconds:F1} s; every service found {complete.TotalSeconds:F2} s after the discovery service started; " +
                $"new service on the farthest node found in {found.TotalSeconds:F2} s (its tags broadcast in {tagsSet.TotalSeconds:F2} s); stopped service gone in {gone.TotalSeconds:F2} s; " +
                $"search latency best {latency.TotalMilliseconds:F2} ms, average {average.TotalMilliseconds:F2} ms over 100 searches; " +
                $"stats: {stats.Nodes} nodes, {stats.Agents} agents, communities {string.Join(", ", stats.Communities.Select(c => $"'{c.Community}'={c.Nodes}"))}"));
            Assert.Equal((Nodes, Nodes), (stats.Nodes, stats.Agents));
            Assert.True(found < TimeSpan.FromSeconds(3), $"found after {found.TotalSeconds:F2} s (target 1.5 s)");
            Assert.True(gone < TimeSpan.FromSeconds(5), $"gone after {gone.TotalSeconds:F2} s");
            Assert.True(average < TimeSpan.FromMilliseconds(200), $"search took {average.TotalMilliseconds} ms");
        }
        finally
        {
            await Task.WhenAll(publishers.Select(p => p.DisposeAsync().AsTask()));
        }
    }
}
