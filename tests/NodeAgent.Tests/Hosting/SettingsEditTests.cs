using System.Net;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Hosting;

/// <summary>Validation and layering of the owner's settings: the configuration reader's rules, field by field, all or nothing.</summary>
public sealed class SettingsEditTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-settings-").FullName;
    private readonly ManualTimeProvider _time = new(DateTimeOffset.Parse("2026-11-27T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LocalService Web = new("_http._tcp", "web", 80, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["path"] = "/" });

    private AgentOptions Configured => new()
    {
        NodeName = "owl", DataDir = _dir, SocketPath = Path.Combine(_dir, "s.sock"), GuifiNode = 1234, Services = [Web],
        Etcd = new EtcdDiscoveryOptions { Endpoints = ["http://127.0.0.1:2379"] },
    };

    [Fact]
    public void BadValuesGetTheConfigurationsMessagesAtTheirFieldsAndNothingIsTaken()
    {
        var problems = new List<FieldProblem>();
        var update = new SettingsUpdate("Owl!", null, GuifiNode: -5,
            Services: [new DeclaredService("syncthing", "sync", 70000, ["no-equals"]), new DeclaredService(null, "x", 1)],
            Discovery: new DiscoveryUpdate(new SerfUpdate(RpcAddress: "localhost"), new EtcdUpdate(Endpoints: ["https://x:1"], TtlSeconds: 1), new AvahiUpdate(ServicesDirectory: "relative")));

        Assert.Null(SettingsEdit.Apply(new SavedSettings(null, null), Configured, update, problems));

        var byField = problems.ToDictionary(p => p.Field, p => p.Message);
        Assert.StartsWith("name 'Owl!' must", byField["name"], StringComparison.Ordinal);
        Assert.Equal($"guifiNode: '-5' {GuifiNodes.Rule}", byField["guifiNode"]);
        Assert.Equal($"services[0].type: 'syncthing' {ServiceRules.TypeRule}", byField["services[0].type"]);
        Assert.Equal($"services[0].port: '70000' {ServiceRules.PortRule}", byField["services[0].port"]);
        Assert.Contains("must be key=value", byField["services[0].fields[0]"], StringComparison.Ordinal);
        Assert.Equal("services[1].type is missing; every declared service needs Type, Name and Port", byField["services[1].type"]);
        Assert.Contains("is not an RPC address", byField["discovery.serf.rpcAddress"], StringComparison.Ordinal);
        Assert.Contains("is not an etcd client URL", byField["discovery.etcd.endpoints[0]"], StringComparison.Ordinal);
        Assert.Contains("from 3 to 300", byField["discovery.etcd.ttlSeconds"], StringComparison.Ordinal);
        Assert.Contains("must be an absolute path", byField["discovery.avahi.servicesDirectory"], StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameTextIsRefusedByTheConfigFileAndTheApi()
    {
        var file = Path.Combine(_dir, "nodeagent.json");
        File.WriteAllText(file, """{ "Node": { "GuifiNode": "0" }, "Discovery": { "Serf": { "RpcAddress": "localhost" } } }""");
        var fromFile = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(file, new System.Collections.Hashtable { ["HOME"] = _dir }, new Dictionary<string, string?>()));
        var problems = new List<FieldProblem>();
        SettingsEdit.Apply(new SavedSettings(null, null), Configured, new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(new SerfUpdate(RpcAddress: "localhost"))), problems);

        Assert.Contains(fromFile.Problems, p => p == $"{file}: \"Node:GuifiNode\": '0' {GuifiNodes.Rule}");
        var serfFile = fromFile.Problems.Single(p => p.Contains("RpcAddress", StringComparison.Ordinal));
        Assert.Equal(serfFile[serfFile.IndexOf(": '", StringComparison.Ordinal)..], problems.Single().Message["discovery.serf.rpcAddress".Length..]);
    }

    [Fact]
    public void BackendFieldsLeftOutKeepTheirValuesAndTheAuthKeyIsKeptUnlessCleared()
    {
        var configured = Configured with { Serf = new SerfDiscoveryOptions { RpcAddress = new IPEndPoint(IPAddress.Loopback, 7474), AuthKey = "secret" } };
        var next = SettingsEdit.Apply(new SavedSettings(null, null), configured, new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(new SerfUpdate(Enabled: false), new EtcdUpdate(Enabled: true))), [])!;
        Assert.False(next.Serf!.Enabled);
        Assert.Equal(7474, next.Serf.RpcAddress.Port);
        Assert.Equal("secret", next.Serf.AuthKey);
        Assert.Equal(["http://127.0.0.1:2379"], next.Etcd!.Endpoints);
        Assert.Null(next.Avahi);

        var cleared = SettingsEdit.Apply(next, configured, new SettingsUpdate(null, null, Discovery: new DiscoveryUpdate(new SerfUpdate(AuthKey: ""))), [])!;
        Assert.Null(cleared.Serf!.AuthKey);
        Assert.False(cleared.Serf.Enabled);
    }

    [Fact]
    public void SavedSectionsLieOverTheConfigurationSurviveReopeningAndAFactoryResetForgetsThem()
    {
        var update = new SettingsUpdate(null, null, GuifiNode: 56789,
            Services: [new DeclaredService("_ssh._tcp", "shell", 22, ["user=guest", "note=a=b"])],
            Discovery: new DiscoveryUpdate(new SerfUpdate(Enabled: false), Avahi: new AvahiUpdate(Enabled: true, ServicesDirectory: _dir)));
        using (var store = NodeStore.Open(_dir))
        {
            var node = Node(store);
            var backendsChanged = 0;
            node.BackendsChanged += (_, _) => backendsChanged++;
            var settings = node.Update(update, [])!;
            Assert.Equal(1, backendsChanged);
            Assert.Equal(56789, settings.GuifiNode);
            Assert.Equal("saved", settings.GuifiNodeSource);
            Assert.Equal(["note=a=b", "user=guest"], settings.Services!.Single().Fields);
            Assert.Equal(("saved", false), (settings.Discovery!.Serf.Source, settings.Discovery.Serf.Enabled));
            Assert.Equal((false, true), (node.BackendOptions.Serf.Enabled, node.BackendOptions.Avahi.Enabled)); // what DiscoveryBackends applies
            Assert.Equal("config", settings.Discovery.Etcd.Source);
            node.Update(new SettingsUpdate(null, null, GuifiNode: 56790), []);
            Assert.Equal(1, backendsChanged); // no backend touched: none restarts
            Assert.True(settings.Discovery.Avahi.Enabled);
            Assert.Equal(56790, node.GuifiNode);
            Assert.Equal("shell", node.DeclaredServices.Single().Name);
        }
        using (var store = NodeStore.Open(_dir))
        {
            var ignored = new List<string>();
            var started = NodeContext.StartOptions(Configured, SettingsStore.ReadSaved(store, ignored));
            Assert.Empty(ignored);
            Assert.False(started.Serf.Enabled);
            Assert.True(started.Avahi.Enabled);
            Assert.Equal(56790, started.GuifiNode);
            Assert.Equal("a=b", started.Services.Single().Fields["note"]);
            var node = new NodeContext(started, NodeIdentity.LoadOrCreate(store, _time), new SettingsStore(store, new EventLog(store, _time, 100)), _time, new ConfiguredOptions(Configured));
            Assert.False(node.BackendOptions.Serf.Enabled);
            var backendsChanged = 0;
            node.BackendsChanged += (_, _) => backendsChanged++;

            var reset = node.FactoryReset("test");
            Assert.Equal(1234, reset.GuifiNode);
            Assert.Equal("config", reset.ServicesSource);
            Assert.Equal("web", node.DeclaredServices.Single().Name);
            Assert.True(reset.Discovery!.Serf.Enabled);
            Assert.True(node.BackendOptions.Serf.Enabled); // started without Serf; the reset brings it back at once
            Assert.Equal(1, backendsChanged);
        }
    }

    [Fact]
    public void ARefusedUpdateChangesNothingAndZeroRemovesTheGuifiId()
    {
        using var store = NodeStore.Open(_dir);
        var node = Node(store);
        var raised = 0;
        node.PublishedChanged += (_, _) => raised++;
        var problems = new List<FieldProblem>();
        Assert.Null(node.Update(new SettingsUpdate("new-name", null, GuifiNode: 77, Services: [new DeclaredService("_x._tcp", "x", 0)]), problems));
        Assert.Equal("services[0].port", problems.Single().Field);
        Assert.Equal("owl", node.Settings.Name);
        Assert.Equal(1234, node.GuifiNode);
        Assert.Equal(0, raised);

        var settings = node.Update(new SettingsUpdate(null, null, GuifiNode: 0), [])!;
        Assert.Null(settings.GuifiNode);
        Assert.Equal("saved", settings.GuifiNodeSource);
        Assert.Equal(1, raised);
    }

    [Fact]
    public void PublishedRecordsCarryTheGuifiIdUnlessTheyAreFull()
    {
        int? id = 42;
        EventHandler? changed = null;
        var full = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ServiceRules.MaxFields; i++)
        {
            full[$"k{i:00}"] = "v";
        }
        var source = new PublishedServices(new DeclaredServices([Web, Web with { Name = "full", Fields = full }]), () => id, h => changed += h);
        var raised = 0;
        source.Changed += (_, _) => raised++;

        Assert.Equal("42", source.Healthy[0].Fields[GuifiNodes.Field]);
        Assert.Equal("/", source.Healthy[0].Fields["path"]);
        Assert.False(source.Healthy[1].Fields.ContainsKey(GuifiNodes.Field));
        Assert.Empty(ServiceRules.Check(source.Healthy[0].Type, source.Healthy[0].Name, source.Healthy[0].Port, source.Healthy[0].Fields));
        id = null;
        changed!(null, EventArgs.Empty);
        Assert.Equal(1, raised);
        Assert.False(source.Healthy[0].Fields.ContainsKey(GuifiNodes.Field));
    }

    private NodeContext Node(NodeStore store) =>
        new(Configured, NodeIdentity.LoadOrCreate(store, _time), new SettingsStore(store, new EventLog(store, _time, 100)), _time);
}
