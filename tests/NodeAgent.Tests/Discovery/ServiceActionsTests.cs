using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Tests.Discovery;

/// <summary>The action a searching user is offered: carried as record fields, filled in for the node, and only when harmless.</summary>
public sealed class ServiceActionsTests
{
    private static ServiceRecord Record(string address, params (string Key, string Value)[] fields) =>
        new(new string('a', 32), "node-a", "sants", [address], "_http._tcp", "web", 8080,
            fields.ToDictionary(f => f.Key, f => f.Value), "healthy", null);

    [Fact]
    public void AnAnnouncementTravelsAsReservedFieldsBesideItsOwn()
    {
        var announce = new ServiceAnnouncement("_syncthing._tcp", 22000, new Dictionary<string, string> { ["protocol"] = "bep" },
            new AnnounceAction(AnnounceActionKind.ConnectClient, "tcp://{host}:{port}", "Syncthing"));

        var fields = ServiceActions.Fields(announce);

        Assert.Equal(new Dictionary<string, string>
        {
            ["action"] = "connect-client", ["action-client"] = "Syncthing", ["action-template"] = "tcp://{host}:{port}", ["protocol"] = "bep",
        }, fields);
        Assert.Empty(ServiceRules.Check(announce.Type, "sync", announce.Port, fields));
    }

    [Theory]
    [InlineData("10.1.2.3", "open-url", "http://{host}:{port}/ui", null, "http://10.1.2.3:8080/ui", null)]
    [InlineData("fd00::7", "open-url", "https://{host}:{port}/", null, "https://[fd00::7]:8080/", null)]
    [InlineData("10.1.2.3", "connect-client", "tcp://{host}:{port}", "Syncthing", "tcp://10.1.2.3:8080", "Syncthing")]
    [InlineData("10.1.2.3", "connect-client", "{host}", "a DNS resolver setting", "10.1.2.3", "a DNS resolver setting")]
    public void AGoodActionIsFilledInForTheNode(string address, string kind, string template, string? client, string target, string? expectedClient)
    {
        var fields = new List<(string, string)> { ("action", kind), ("action-template", template) };
        if (client is not null)
        {
            fields.Add(("action-client", client));
        }

        var action = ServiceActions.Resolve(Record(address, [.. fields]));

        Assert.Equal(new ServiceAction(kind, target, expectedClient), action);
    }

    [Theory]
    [InlineData("open-url", "javascript:alert(1)//{host}", null)] // not http(s)
    [InlineData("open-url", "http://evil.example/?{host}", null)] // points somewhere else
    [InlineData("open-url", "http://user@{host}:{port}/", null)] // credentials in the link
    [InlineData("open-url", "http://{host}:{port}/\"><script>", null)] // breaks out of an attribute
    [InlineData("open-url", "http://node:{port}/", null)] // no {host}
    [InlineData("open-url", "http://{host}:{port}/{path}", null)] // unknown placeholder left over
    [InlineData("connect-client", "tcp://{host}:{port}", null)] // a client action without its client
    [InlineData("connect-client", "tcp://{host}:{port}", "bad\u0007client")]
    [InlineData("ssh", "ssh://{host}", null)] // unknown kind
    public void AnActionNotSafeToOfferIsLeftOut(string kind, string template, string? client)
    {
        var fields = new List<(string, string)> { ("action", kind), ("action-template", template) };
        if (client is not null)
        {
            fields.Add(("action-client", client));
        }

        Assert.Null(ServiceActions.Resolve(Record("10.1.2.3", [.. fields])));
    }

    [Fact]
    public void ARecordWithoutAnActionOrAnAddressHasNone()
    {
        Assert.Null(ServiceActions.Resolve(Record("10.1.2.3", ("k", "v"))));
        Assert.Null(ServiceActions.Resolve(Record("not-an-address", ("action", "open-url"), ("action-template", "http://{host}/"))));
    }

    [Fact]
    public void SearchOffersTheActionOfEachResult()
    {
        var node = new BackendNode("serf", "node-a", new string('a', 32), "sants", ["10.0.0.1"], null,
            [DiscoveryHarness.Svc("_http._tcp", "web", 80, ("action", "open-url"), ("action-template", "http://{host}:{port}/")), DiscoveryHarness.Svc("_ssh._tcp", "ssh", 22)],
            DateTimeOffset.UtcNow);

        var results = CloudSearch.Search([node], new SearchQuery());

        Assert.Equal(new ServiceAction("open-url", "http://10.0.0.1/", null), results.Single(r => r.Record.Type == "_http._tcp").Action);
        Assert.Null(results.Single(r => r.Record.Type == "_ssh._tcp").Action);
    }
}
