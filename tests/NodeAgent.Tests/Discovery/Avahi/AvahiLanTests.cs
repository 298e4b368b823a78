using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Avahi;
using NodeAgent.Hosting;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Avahi;

/// <summary>Real avahi-daemons on a private link between two network namespaces: what the agent announces, the LAN browses.</summary>
[Trait("Category", "Avahi")]
public sealed class AvahiLanTests
{
    private static readonly TimeSpan Seen = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheLanSeesAnnouncedServicesTheirChangesAndTheirEnd()
    {
        await using var link = await AvahiLink.StartAsync("nal");
        var nodeId = RecordPublisher.NewNodeId();
        var source = new MutableServiceSource([Svc("_http._tcp", "web b", 8080, ("path", "/"))]);
        var publisher = link.Publisher(nodeId, "sants", source);
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            var seen = await link.WaitAsync(s => s.Any(x => x.Name == "web b"), Seen, "web b announced");
            var web = Assert.Single(seen, s => s.Name == "web b");
            Assert.Equal(("_http._tcp", 8080), (web.Type, web.Port));
            Assert.Contains("\"path=/\"", web.Txt, StringComparison.Ordinal);
            Assert.Contains($"\"nodeagent-id={nodeId}\"", web.Txt, StringComparison.Ordinal);
            Assert.Contains("\"community=sants\"", web.Txt, StringComparison.Ordinal);

            source.Set([Svc("_http._tcp", "web b", 8080, ("path", "/")), Svc("_syncthing._tcp", "sync b", 22000)]);
            await link.WaitAsync(s => s.Any(x => x.Name == "sync b" && x.Port == 22000), Seen, "sync b announced");
            source.Set([Svc("_syncthing._tcp", "sync b", 22000)]);
            await link.WaitAsync(s => !s.Any(x => x.Name == "web b") && s.Any(x => x.Name == "sync b"), Seen, "web b withdrawn");
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
        await link.WaitAsync(s => s.Count == 0, Seen, "everything withdrawn on stop");
    }

    [Fact]
    public async Task AvahiStoppedAndStartedUnderTheAgentAnnouncesItsServicesAgain()
    {
        await using var link = await AvahiLink.StartAsync("nar");
        var status = new DiscoveryStatus(TimeProvider.System, backend: "avahi");
        var publisher = link.Publisher(RecordPublisher.NewNodeId(), "", new MutableServiceSource([Svc("_http._tcp", "web r", 80)]), status);
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            await link.WaitAsync(s => s.Any(x => x.Name == "web r"), Seen, "announced");

            await link.SetDaemonAsync(running: false);
            await link.WaitAsync(s => s.Count == 0, Seen, "forgotten while avahi-daemon is stopped");
            await link.SetDaemonAsync(running: true);
            await link.WaitAsync(s => s.Any(x => x.Name == "web r"), Seen, "announced again once avahi-daemon is back");

            Assert.True(status.IsUp); // the agent had nothing to do: its files stayed where avahi-daemon reads them
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }
}
