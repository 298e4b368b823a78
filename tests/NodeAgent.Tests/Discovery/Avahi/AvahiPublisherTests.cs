using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Avahi;
using NodeAgent.Hosting;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Avahi;

/// <summary>The service files the agent keeps in avahi-daemon's directory (a temp directory here; real avahi in <see cref="AvahiLanTests"/>).</summary>
public sealed class AvahiPublisherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-avahi-").FullName;
    private readonly string _nodeId = RecordPublisher.NewNodeId();
    private string _community = "guifi";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OneFilePerServiceOnlyTheAgentsOwnAreTouchedAndUnchangedOnesAreNotRewritten()
    {
        File.WriteAllText(Path.Join(_dir, "ssh.service"), "the owner's own");
        File.WriteAllText(Path.Join(_dir, "nodeagent-notes.txt"), "not a service file");
        File.WriteAllText(Path.Join(_dir, "nodeagent-0123456789abcdef.service.tmp"), "<half"); // a write cut by a power loss
        var publisher = Publisher(out var status);
        var web = Svc("_http._tcp", "web <&> \"b\"", 8080, ("path", "/a&b"));
        var dns = Svc("_dns._udp", "dns", 53);

        publisher.Sync([web, dns]);
        var files = Owned();
        Assert.Equal(2, files.Length);
        var xml = File.ReadAllText(Path.Join(_dir, AvahiServiceFile.FileName(web)));
        Assert.Contains("<name>web &lt;&amp;&gt; &quot;b&quot;</name>", xml, StringComparison.Ordinal);
        Assert.Contains("<txt-record>path=/a&amp;b</txt-record>", xml, StringComparison.Ordinal);
        Assert.Contains($"<txt-record>nodeagent-id={_nodeId}</txt-record>", xml, StringComparison.Ordinal);
        Assert.Contains("<txt-record>community=guifi</txt-record>", xml, StringComparison.Ordinal);
        Assert.Equal(AtomicModes, File.GetUnixFileMode(Path.Join(_dir, AvahiServiceFile.FileName(web))));
        Assert.False(File.Exists(Path.Join(_dir, "nodeagent-0123456789abcdef.service.tmp")));
        Assert.True(status.IsUp);
        var writes = publisher.Writes;

        publisher.Sync([web, dns]);
        Assert.Equal(writes, publisher.Writes); // same content: no flash write

        publisher.Sync([web]);
        Assert.Equal([AvahiServiceFile.FileName(web)], Owned());
        _community = "sants";
        publisher.Sync([web]);
        Assert.Contains("community=sants", File.ReadAllText(Path.Join(_dir, AvahiServiceFile.FileName(web))), StringComparison.Ordinal);

        publisher.Sync([]);
        Assert.Empty(Owned());
        Assert.Equal("the owner's own", File.ReadAllText(Path.Join(_dir, "ssh.service")));
        Assert.True(File.Exists(Path.Join(_dir, "nodeagent-notes.txt")));
    }

    [Fact]
    public void AMissingDirectoryIsReportedAndNothingIsCreated()
    {
        var missing = Path.Join(_dir, "no-avahi");
        var publisher = Publisher(out var status, missing);

        publisher.Sync([Svc("_http._tcp", "web", 80)]);

        Assert.False(status.IsUp);
        Assert.Contains("does not exist: is avahi-daemon installed?", status.Check().Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task StoppingTheAgentRemovesItsFilesAndAServiceChangeIsWrittenAtOnce()
    {
        var source = new MutableServiceSource([Svc("_http._tcp", "web", 80)]);
        var publisher = Publisher(out _, source: source);
        await publisher.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Owned().Length == 1, TimeSpan.FromSeconds(5), "first file");

        source.Set([Svc("_http._tcp", "web", 80), Svc("_ssh._tcp", "ssh", 22)]);
        await WaitUntilAsync(() => Owned().Length == 2, TimeSpan.FromSeconds(5), "second file");

        await publisher.StopAsync(CancellationToken.None);
        Assert.Empty(Owned());
    }

    private const UnixFileMode AtomicModes = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private string[] Owned() => [.. Directory.GetFiles(_dir).Select(Path.GetFileName).Where(n => AvahiServiceFile.IsOwned(n!)).Order()!];

    private AvahiPublisher Publisher(out DiscoveryStatus status, string? directory = null, MutableServiceSource? source = null)
    {
        status = new DiscoveryStatus(TimeProvider.System, backend: "avahi");
        return new AvahiPublisher(
            new AvahiDiscoveryOptions { Enabled = true, ServicesDirectory = directory ?? _dir },
            () => new LocalNode(_nodeId, _community),
            source ?? new MutableServiceSource([]),
            new ConditionsChanged(),
            status,
            NullLogger<AvahiPublisher>.Instance);
    }
}
