using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Avahi;
using NodeAgent.Hosting;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Avahi;

/// <summary>
/// Search through Avahi: an agent announces on host A of a private link (real avahi-daemons, each on its own
/// dbus-daemon), the browser talks to host B's avahi-daemon over D-Bus and must find exactly the agent's services.
/// </summary>
[Trait("Category", "Avahi")]
public sealed class AvahiBrowserTests
{
    private static readonly TimeSpan Seen = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheLanIsSearchedFoundServicesComeAndGoAndOnlyAgentsRecordsCount()
    {
        await using var link = await AvahiLink.StartAsync("nab");
        var nodeId = RecordPublisher.NewNodeId();
        var source = new MutableServiceSource([Svc("_http._tcp", "web a", 8080, ("path", "/"), ("action", "open-url"), ("action-template", "http://{host}:{port}/"))]);
        var publisher = link.Publisher(nodeId, "sants", source);
        // Someone else's service (no node id) and a forged agent record (a field key no agent may publish).
        File.WriteAllText(Path.Combine(link.ServicesDirectory, "printer.service"), ServiceFile("printer", "_ipp._tcp", 631, "rp=queue"));
        File.WriteAllText(Path.Combine(link.ServicesDirectory, "forged.service"), ServiceFile("forged", "_http._tcp", 81, $"nodeagent-id={RecordPublisher.NewNodeId()}", "BAD KEY=1"));
        var hub = new ChangeHub();
        var changes = hub.Subscribe()!;
        var status = new DiscoveryStatus(TimeProvider.System, backend: "avahi");
        var view = new AvahiLanView(hub, TimeProvider.System);
        var browser = new AvahiBrowser(new AvahiDiscoveryOptions { Enabled = true, BusAddress = link.BusAddressB }, view, status, NullLogger<AvahiBrowser>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        await browser.StartAsync(CancellationToken.None);
        try
        {
            var found = await WaitUntilAsync(() => Search(browser).Count == 1, Seen, "web a found through avahi");
            var web = Assert.Single(Search(browser));
            Assert.Equal((nodeId, "nab-a", "sants", "_http._tcp", "web a", 8080), (web.Record.NodeId, web.Record.NodeName, web.Record.Community, web.Record.Type, web.Record.Name, web.Record.Port));
            Assert.Equal(["10.213.0.1"], web.Record.Addresses);
            Assert.Equal("/", web.Record.Fields["path"]);
            Assert.False(web.Record.Fields.ContainsKey("nodeagent-id"));
            Assert.Equal(["avahi"], web.Sources);
            Assert.Equal(new ServiceAction("open-url", "http://10.213.0.1:8080/", null), web.Action);
            Assert.True(status.IsUp, status.State().Detail);
            await WaitUntilAsync(() => browser.Rejected >= 1, Seen, "the forged record refused");
            Assert.True(found < Seen);

            source.Set([Svc("_http._tcp", "web a", 8080, ("path", "/")), Svc("_syncthing._tcp", "sync a", 22000)]);
            await WaitUntilAsync(() => Search(browser).Count == 2, Seen, "sync a found");
            source.Set([Svc("_syncthing._tcp", "sync a", 22000)]);
            await WaitUntilAsync(() => Search(browser).Select(r => r.Record.Name).SequenceEqual(["sync a"]), Seen, "web a gone");

            var seen = new List<CloudChange>();
            while (changes.TryRead(out var change))
            {
                seen.Add(change);
            }
            Assert.Contains(seen, c => c is { Kind: CloudChangeKinds.ServiceUp, Source: "avahi" } && c.Service!.Name == "sync a");
            Assert.Contains(seen, c => c is { Kind: CloudChangeKinds.ServiceDown, Source: "avahi" } && c.Service!.Name == "web a");
            Assert.DoesNotContain(seen, c => c.Service?.Name is "printer" or "forged");
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
            await WaitUntilAsync(() => Search(browser).Count == 0, Seen, "everything gone when the agent stops");
            await browser.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheBrowsersAvahiDaemonStoppedAndStartedIsReportedAndBrowsedAgain()
    {
        await using var link = await AvahiLink.StartAsync("nas");
        var publisher = link.Publisher(RecordPublisher.NewNodeId(), "", new MutableServiceSource([Svc("_http._tcp", "web s", 80)]));
        var status = new DiscoveryStatus(TimeProvider.System, backend: "avahi");
        var browser = new AvahiBrowser(new AvahiDiscoveryOptions { Enabled = true, BusAddress = link.BusAddressB },
            new AvahiLanView(new ChangeHub(), TimeProvider.System), status, NullLogger<AvahiBrowser>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        await browser.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => Search(browser).Count == 1, Seen, "found");

            await link.SetDaemonAsync(running: false, host: 'b');
            await WaitUntilAsync(() => !status.IsUp && Search(browser).Count == 0, Seen, "down and forgotten while avahi-daemon is stopped");
            Assert.Contains("avahi-daemon", status.State().Detail, StringComparison.Ordinal);

            await link.SetDaemonAsync(running: true, host: 'b');
            var back = await WaitUntilAsync(() => status.IsUp && Search(browser).Count == 1, Seen, "browsed again once avahi-daemon is back");
            Assert.True(back < TimeSpan.FromSeconds(5), $"back after {back}");
        }
        finally
        {
            await browser.StopAsync(CancellationToken.None);
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WithoutABusTheBackendIsDownAndTheBrowserKeepsTrying()
    {
        var status = new DiscoveryStatus(TimeProvider.System, backend: "avahi");
        var browser = new AvahiBrowser(new AvahiDiscoveryOptions { Enabled = true, BusAddress = "unix:path=/nonexistent/bus" },
            new AvahiLanView(new ChangeHub(), TimeProvider.System), status, NullLogger<AvahiBrowser>.Instance);
        await browser.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => status.State().Detail.Contains("/nonexistent/bus", StringComparison.Ordinal), Seen, "reported down");
            Assert.False(status.IsUp);
        }
        finally
        {
            await browser.StopAsync(CancellationToken.None);
        }
    }

    private static List<SearchResult> Search(AvahiBrowser browser)
    {
        var nodes = new List<BackendNode>();
        browser.Collect(nodes);
        return CloudSearch.Search(nodes, new SearchQuery());
    }

    private static string ServiceFile(string name, string type, int port, params string[] txt) =>
        $"<?xml version=\"1.0\" standalone='no'?>\n<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n<service-group>\n  <name>{name}</name>\n  <service>\n"
        + $"    <type>{type}</type>\n    <port>{port}</port>\n" + string.Concat(txt.Select(t => $"    <txt-record>{t}</txt-record>\n")) + "  </service>\n</service-group>\n";
}
