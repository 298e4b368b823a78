using System.Diagnostics;
using System.Globalization;
using NodeAgent.Discovery;
using Xunit.Abstractions;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>
/// 100 etcd discovery services on one real etcd member, 99 publishing two services each: the observer's view is
/// complete, a published change is found and a stopped node is gone quickly. <c>bench/discovery.sh etcd</c> prints the numbers.
/// </summary>
[Trait("Category", "Scale")]
public sealed class EtcdScaleTests(ITestOutputHelper output)
{
    private const int Nodes = 100;
    private const int Rounds = 10;

    [Fact]
    public async Task HundredNodesAreAllFoundAndChangesAndStopsAreSeenQuickly()
    {
        await using var etcd = await EtcdProcess.StartSingleAsync("scale");
        var prefix = $"/nodeagent-scale/{Guid.NewGuid():N}/";
        var clock = Stopwatch.StartNew();
        var nodes = new List<EtcdHarness>();
        try
        {
            foreach (var batch in Enumerable.Range(1, Nodes - 1).Chunk(10))
            {
                nodes.AddRange(await Task.WhenAll(batch.Select(i => EtcdHarness.StartAsync([etcd.ClientUrl], prefix, $"n{i}",
                    [Svc("_syncthing._tcp", $"sync {i}", 22000), Svc("_http._tcp", $"web {i}", 80, ("path", "/"))], i % 2 == 0 ? "even" : "odd"))));
            }
            await WaitUntilAsync(() => nodes.All(n => n.Status.IsUp), TimeSpan.FromSeconds(30), "every node published");
            var started = clock.Elapsed;
            await using var observer = await EtcdHarness.StartAsync([etcd.ClientUrl], prefix, "n0", [Svc("_ssh._tcp", "here", 22)]);
            var complete = await WaitUntilAsync(() => observer.Search().Count == ((Nodes - 1) * 2) + 1, TimeSpan.FromSeconds(30), "every service of 100 nodes");

            var total = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal(Nodes - 1, observer.Search(new SearchQuery(Type: "_syncthing._tcp")).Count);
            }
            var search = total.Elapsed / 100;

            var last = nodes[^1];
            var found = new List<TimeSpan>();
            var gone = new List<TimeSpan>();
            for (var round = 0; round < Rounds; round++)
            {
                var change = Stopwatch.StartNew();
                last.Source.Set([.. last.Source.Healthy, Svc("_new._tcp", "fresh", 9)]);
                await WaitUntilAsync(() => observer.Search(new SearchQuery(Type: "_new._tcp")).Count == 1, TimeSpan.FromSeconds(10), "published service");
                found.Add(change.Elapsed);
                change.Restart();
                last.Source.Set([.. last.Source.Healthy.Where(s => s.Type != "_new._tcp")]);
                await WaitUntilAsync(() => observer.Search(new SearchQuery(Type: "_new._tcp")).Count == 0, TimeSpan.FromSeconds(10), "unpublished service");
                gone.Add(change.Elapsed);
            }
            var stop = Stopwatch.StartNew();
            await last.StopAsync();
            await WaitUntilAsync(() => observer.Search(new SearchQuery(Node: last.NodeId)).Count == 0, TimeSpan.FromSeconds(10), "stopped node gone");
            var stopped = stop.Elapsed;

            found.Sort();
            gone.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Nodes} etcd nodes publishing in {started.TotalSeconds:F1} s; every service found {complete.TotalSeconds:F2} s after the observer started; " +
                $"published service found in median {found[Rounds / 2].TotalMilliseconds:F0} ms (max {found[^1].TotalMilliseconds:F0} ms, {Rounds} rounds); " +
                $"unpublished service gone in median {gone[Rounds / 2].TotalMilliseconds:F0} ms (max {gone[^1].TotalMilliseconds:F0} ms); " +
                $"stopped node gone in {stopped.TotalMilliseconds:F0} ms; search latency average {search.TotalMilliseconds:F2} ms over 100 searches"));
            Assert.True(found[^1] < TimeSpan.FromSeconds(1.5), $"found after {found[^1].TotalSeconds:F2} s (target 1.5 s)");
            Assert.True(gone[^1] < TimeSpan.FromSeconds(5) && stopped < TimeSpan.FromSeconds(5), $"gone after {gone[^1].TotalSeconds:F2} s / {stopped.TotalSeconds:F2} s");
            Assert.True(search < TimeSpan.FromMilliseconds(200), $"search took {search.TotalMilliseconds} ms");
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }
}
