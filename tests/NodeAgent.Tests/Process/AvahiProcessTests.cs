using NodeAgent.Tests.Discovery.Avahi;

namespace NodeAgent.Tests.Process;

/// <summary>
/// The published agent announcing a declared service on a LAN of real avahi-daemons, finding it in search through the
/// other host's avahi-daemon (D-Bus), and withdrawing it on SIGTERM.
/// </summary>
[Trait("Category", "Avahi")]
public sealed class AvahiProcessTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("nodeagent-avahi-proc-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheAgentsServicesAreOnTheLanWhileItRunsAndGoneWhenItStops()
    {
        await using var link = await AvahiLink.StartAsync("nap");
        await using var agent = await AgentProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["NODEAGENT__NODE__COMMUNITY"] = "sants",
            ["NODEAGENT__DISCOVERY__SERF__RPCADDRESS"] = "127.0.0.1:1", // no Serf: the node is not in its community cloud
            ["NODEAGENT__DISCOVERY__AVAHI__ENABLED"] = "true",
            ["NODEAGENT__DISCOVERY__AVAHI__SERVICESDIRECTORY"] = link.ServicesDirectory,
            // Browses from the other host of the link: what it finds there went over the wire.
            ["NODEAGENT__DISCOVERY__AVAHI__BUSADDRESS"] = link.BusAddressB,
            ["NODEAGENT__SERVICES__0__TYPE"] = "_http._tcp",
            ["NODEAGENT__SERVICES__0__NAME"] = "roof web",
            ["NODEAGENT__SERVICES__0__PORT"] = "8080",
        });

        var seen = await link.WaitAsync(s => s.Any(x => x.Name == "roof web"), TimeSpan.FromSeconds(10), "roof web on the LAN");
        var only = Assert.Single(seen);
        Assert.Equal(("_http._tcp", 8080), (only.Type, only.Port));
        Assert.Contains("discovery.avahi", await agent.Http.GetStringAsync("healthz"), StringComparison.Ordinal);
        // Search finds it through Avahi alone (Serf is down), on host A's address.
        await NodeAgent.Tests.Discovery.DiscoveryHarness.WaitUntilAsync(
            () => agent.Http.GetStringAsync("api/v1/search?q=roof").Result.Contains("\"sources\":[\"avahi\"]", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "roof web found in search through avahi");
        var found = await agent.Http.GetStringAsync("api/v1/search?q=roof");
        Assert.Contains("\"addresses\":[\"10.213.0.1\"]", found, StringComparison.Ordinal);
        Assert.Contains("\"nodeName\":\"nap-a\"", found, StringComparison.Ordinal);
        // Announced on the LAN, yet not connected to the community: the LED says "no discovery".
        await NodeAgent.Tests.Discovery.DiscoveryHarness.WaitUntilAsync(
            () => agent.Http.GetStringAsync("api/v1/feedback").Result.Contains("\"state\":\"no-discovery\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "LED state no-discovery");

        Assert.Equal(0, await agent.StopAsync());
        await link.WaitAsync(s => s.Count == 0, TimeSpan.FromSeconds(10), "withdrawn on stop");
        Assert.Empty(Directory.GetFiles(link.ServicesDirectory));
    }
}
