using System.Net;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Tests.Discovery.Serf;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery;

/// <summary>
/// A node in its own network namespace, reached only through a veth link: cut the link and it leaves search;
/// bring the link back and Serf reconnects, so it returns with its services.
/// </summary>
[Trait("Category", "Serf")]
public sealed class DiscoveryPartitionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task ANodeCutOffByItsLinkLeavesSearchAndReturnsWithTheLink()
    {
        await using var link = await NamespaceLink.CreateAsync();
        var config = Path.Join(Path.GetTempPath(), $"nodeagent-serf-{link.Namespace}.json");
        // Serf retries failed members every 30 s by default; the test has not got all day.
        await File.WriteAllTextAsync(config, """{ "reconnect_interval": "1s", "reconnect_timeout": "1h" }""");
        try
        {
            await using var here = await SerfAgentProcess.StartAsync("cut-here", address: link.HostAddress, gossipPort: 17946, rpcPort: 17373, configFile: config);
            await using var there = await SerfAgentProcess.StartAsync(
                "cut-there", join: here.GossipAddress, address: link.InsideAddress, gossipPort: 17946, rpcPort: 17373, netns: link.Namespace, configFile: config);
            await using var observer = await StartAsync(here.RpcEndpoint, [Svc("_http._tcp", "here web", 80)]);
            await using var cutOff = await StartAsync(there.RpcEndpoint, [Svc("_syncthing._tcp", "there sync", 22000)]);
            await WaitUntilAsync(() => Names(observer).Contains("there sync"), TimeSpan.FromSeconds(10), "the far node's service found");
            var changes = observer.View.Changes.Subscribe()!;

            await link.SetUpAsync(false);
            var gone = await WaitUntilAsync(() => !Names(observer).Contains("there sync"), TimeSpan.FromSeconds(20), "the cut-off node's service gone");
            Assert.Equal(["here web"], Names(observer));
            Assert.Equal((1, 1), (observer.View.Stats([]).Nodes, observer.View.Stats([]).Agents)); // a failed member is not counted

            await link.SetUpAsync(true);
            var back = await WaitUntilAsync(() => Names(observer).Contains("there sync"), TimeSpan.FromSeconds(30), "the node back with its service");

            var seen = new List<CloudChange>();
            while (changes.TryRead(out var change))
            {
                seen.Add(change);
            }
            Assert.Contains(seen, c => c.Kind == CloudChangeKinds.NodeFailed && c.Node == "cut-there");
            Assert.Contains(seen, c => c.Kind == CloudChangeKinds.ServiceUp && c.Service?.Name == "there sync");
            output.WriteLine($"link down: gone from search after {gone.TotalSeconds:F1} s; link up: back after {back.TotalSeconds:F1} s");
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static List<string> Names(DiscoveryHarness harness) => [.. harness.View.Search(new SearchQuery()).Select(r => r.Record.Name).Order(StringComparer.Ordinal)];
}
