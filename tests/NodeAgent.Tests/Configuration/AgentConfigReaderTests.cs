using System.Collections;
using NodeAgent.Configuration;

namespace NodeAgent.Tests.Configuration;

public sealed class AgentConfigReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Hashtable Env(params (string Key, string Value)[] vars)
    {
        var env = new Hashtable { ["HOME"] = "/home/owner" };
        foreach (var (k, v) in vars)
        {
            env[k] = v;
        }
        return env;
    }

    private static readonly Dictionary<string, string?> NoFlags = new();

    private string File(string json)
    {
        var path = Path.Combine(_dir, "nodeagent.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void DefaultsAreTheEmbeddedOnes()
    {
        var o = AgentConfigReader.Load(null, Env(), NoFlags);
        Assert.Equal(["http://127.0.0.1:8480"], o.Urls);
        Assert.Equal("/home/owner/.local/state/nodeagent", o.DataDir);
        Assert.Equal("/home/owner/.local/state/nodeagent/nodeagent.sock", o.SocketPath);
        Assert.Equal(TimeSpan.FromSeconds(10), o.SampleInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), o.HistoryFlushInterval);
        Assert.Equal(1000, o.MaxEvents);
        Assert.True(NodeNames.IsValid(o.NodeName));
    }

    [Fact]
    public void SystemdDirectoriesAreUsedWhenSystemdSetsThem()
    {
        var o = AgentConfigReader.Load(null, Env(("STATE_DIRECTORY", "/var/lib/nodeagent"), ("RUNTIME_DIRECTORY", "/run/nodeagent")), NoFlags);
        Assert.Equal("/var/lib/nodeagent", o.DataDir);
        Assert.Equal("/run/nodeagent/nodeagent.sock", o.SocketPath);
    }

    [Fact]
    public void LaterLayersWin_FileThenEnvironmentThenFlags()
    {
        var file = File("""{ "Node": { "Name": "from-file", "Community": "guifi bcn" }, "DataDir": "/tmp/file", "Urls": ["http://0.0.0.0:9000"], "Events": { "Max": 50 } }""");
        var o = AgentConfigReader.Load(file, Env(("NODEAGENT__NODE__NAME", "from-env"), ("NODEAGENT__DATADIR", "/tmp/env")),
            new Dictionary<string, string?> { ["--data"] = "/tmp/flag", ["--urls"] = null });
        Assert.Equal("from-env", o.NodeName);
        Assert.Equal("guifi bcn", o.Community);
        Assert.Equal("/tmp/flag", o.DataDir);
        Assert.Equal(["http://0.0.0.0:9000"], o.Urls);
        Assert.Equal(50, o.MaxEvents);
    }

    [Fact]
    public void EveryProblemIsReportedTogetherWithItsOrigin()
    {
        var file = File("""{ "Urll": "x", "Node": { "Name": "Bad_Name" }, "Resources": { "SampleSeconds": "0" }, "Urls": "ftp://x;http://example.org:80" }""");
        var e = Assert.Throws<ConfigurationException>(() =>
            AgentConfigReader.Load(file, Env(("NODEAGENT__EVENTS__MAX", "lots"), ("NODEAGENT__LOG__LEVEL", "Loud")), NoFlags));
        Assert.Equal(7, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'http://example.org:80' is not a listen URL", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("unknown key 'Urll'", StringComparison.Ordinal) && p.Contains(file, StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'Bad_Name' must be a DNS label", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'0' must be a whole number from 1 to 3600", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'ftp://x' is not a listen URL", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("environment variable NODEAGENT__EVENTS__MAX: 'lots'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("environment variable NODEAGENT__LOG__LEVEL: 'Loud'", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenJsonIsAProblemNotACrash()
    {
        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(File("{ \"DataDir\": "), Env(), NoFlags));
        Assert.Contains("cannot be read", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitConfigFileMustExist()
    {
        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(Path.Combine(_dir, "missing.json"), Env(), NoFlags));
        Assert.Contains("does not exist", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void TooLongSocketPathIsRefused()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            AgentConfigReader.Load(null, Env(), new Dictionary<string, string?> { ["--socket"] = "/tmp/" + new string('s', 120) }));
        Assert.Contains("107 bytes", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("My_Pi.lan", "my-pi")]
    [InlineData("raspberrypi", "raspberrypi")]
    [InlineData("---", "node")]
    [InlineData("ÀÉ", "node")]
    public void HostNamesBecomeValidNodeNames(string host, string expected)
    {
        Assert.Equal(expected, NodeNames.FromHostName(host));
        Assert.True(NodeNames.IsValid(NodeNames.FromHostName(host)));
    }

    [Fact]
    public void DeclaredServicesAndSerfSettingsAreRead()
    {
        var file = File("""
            { "Services": [
                { "Type": "_syncthing._tcp", "Name": "Sync at Sants", "Port": 22000, "Fields": ["device=ABC-123", "path=/"] },
                { "Type": "_dns._udp", "Name": "dns", "Port": "53" } ],
              "Discovery": { "Serf": { "RpcAddress": "127.0.0.2:7374", "AuthKey": "s3cret" } } }
            """);
        var o = AgentConfigReader.Load(file, Env(("NODEAGENT__SERVICES__5__TYPE", "_ssh._tcp"), ("NODEAGENT__SERVICES__5__NAME", "ssh"), ("NODEAGENT__SERVICES__5__PORT", "22")), NoFlags);

        Assert.Equal(["Sync at Sants", "dns", "ssh"], o.Services.Select(s => s.Name));
        Assert.Equal(22000, o.Services[0].Port);
        Assert.Equal(new Dictionary<string, string> { ["device"] = "ABC-123", ["path"] = "/" }, o.Services[0].Fields);
        Assert.Empty(o.Services[1].Fields);
        Assert.True(o.Serf.Enabled);
        Assert.Equal("127.0.0.2:7374", o.Serf.RpcAddress.ToString());
        Assert.Equal("s3cret", o.Serf.AuthKey);
        var defaults = AgentConfigReader.Load(null, Env(("NODEAGENT__DISCOVERY__SERF__ENABLED", "false")), NoFlags);
        Assert.Equal(("127.0.0.1:7373", false, null), (defaults.Serf.RpcAddress.ToString(), defaults.Serf.Enabled, defaults.Serf.AuthKey));
        Assert.Empty(defaults.Services);
    }

    [Fact]
    public void EveryBadServiceAndSerfValueIsReportedTogether()
    {
        var fields = string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"k{i}=v\""));
        var file = File($$"""
            { "Services": [
                { "Type": "syncthing", "Name": "", "Port": 70000 },
                { "Type": "_ok._tcp", "Name": "bell\u0007", "Port": 1, "Fields": ["Bad Key=v", "novalue", "long={{new string('x', 201)}}"] },
                { "Type": "_ok._tcp", "Name": "many", "Port": 2, "Fields": [{{fields}}] },
                { "Type": "_ok._tcp", "Name": "big", "Port": 3, "Fields": [{{string.Join(",", Enumerable.Range(0, 4).Select(i => $"\"key{i}={new string('x', 190)}\""))}}] },
                { "Type": "_dup._tcp", "Name": "twice", "Port": 4 }, { "Type": "_dup._tcp", "Name": "twice", "Port": 5 },
                { "Name": "no type", "Port": 6, "Colour": "red" } ],
              "Discovery": { "Serf": { "Enabled": "maybe", "RpcAddress": "localhost", "AuthKey": "" } } }
            """);

        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(file, Env(), NoFlags));

        string[] expected =
        [
            "'syncthing' must be a DNS-SD service type", "Services:0:Name is missing", "'70000' must be a port number",
            "'bell\u0007' must be 1-63 printable", "'Bad Key=v' must be key=value", "'novalue' must be key=value", "the value of 'long' must be at most 200",
            "17 fields; at most 16", "the service 'big' is", "a service 'twice' of type _dup._tcp is already declared",
            "Services:6:Type is missing", "unknown key 'Services:6:Colour'",
            "'maybe' must be true or false", "'localhost' is not an RPC address", "the auth key must be 1-256 characters",
        ];
        foreach (var text in expected)
        {
            Assert.Contains(e.Problems, p => p.Contains(text, StringComparison.Ordinal));
        }
        Assert.Equal(expected.Length, e.Problems.Count);
    }

    [Fact]
    public void EtcdSettingsAreReadFromAnArrayOrOneJoinedValue()
    {
        var file = File("""
            { "Discovery": { "Etcd": { "Enabled": true, "Endpoints": ["http://127.0.0.1:2379", "http://127.0.0.2:2379/"], "Prefix": "/guifi/na/", "TtlSeconds": 6 } } }
            """);
        var o = AgentConfigReader.Load(file, Env(), NoFlags);
        Assert.Equal((true, "/guifi/na/", 6.0), (o.Etcd.Enabled, o.Etcd.Prefix, o.Etcd.Ttl.TotalSeconds));
        Assert.Equal(["http://127.0.0.1:2379", "http://127.0.0.2:2379"], o.Etcd.Endpoints);

        var env = AgentConfigReader.Load(null, Env(("NODEAGENT__DISCOVERY__ETCD__ENABLED", "true"), ("NODEAGENT__DISCOVERY__ETCD__ENDPOINTS", "http://127.0.0.1:1;http://[::1]:2")), NoFlags);
        Assert.Equal(["http://127.0.0.1:1", "http://[::1]:2"], env.Etcd.Endpoints);
        Assert.Equal(("/nodeagent/v1/", 10.0), (env.Etcd.Prefix, env.Etcd.Ttl.TotalSeconds));
        var off = AgentConfigReader.Load(null, Env(), NoFlags);
        Assert.False(off.Etcd.Enabled);
        Assert.Empty(off.Etcd.Endpoints);
    }

    [Fact]
    public void EveryBadEtcdValueIsReportedTogether()
    {
        var file = File("""
            { "Discovery": { "Etcd": { "Enabled": "yes", "Endpoints": ["https://127.0.0.1:2379", "127.0.0.1:2379", "http://h:2379/v3", "http://h:1", "http://h:1"],
              "Prefix": "nodeagent", "TtlSeconds": 1 } } }
            """);
        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(file, Env(), NoFlags));
        string[] expected =
        [
            "'yes' must be true or false", "'https://127.0.0.1:2379' is not an etcd client URL", "'127.0.0.1:2379' is not an etcd client URL",
            "'http://h:2379/v3' is not an etcd client URL", "'http://h:1' is listed twice", "'nodeagent' must start and end with '/'",
            "'1' must be a whole number from 3 to 300",
        ];
        foreach (var text in expected)
        {
            Assert.Contains(e.Problems, p => p.Contains(text, StringComparison.Ordinal));
        }
        Assert.Equal(expected.Length, e.Problems.Count);
        var missing = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(null, Env(("NODEAGENT__DISCOVERY__ETCD__ENABLED", "true")), NoFlags));
        Assert.Contains("Discovery:Etcd:Endpoints is missing", Assert.Single(missing.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AvahiIsOffByDefaultAndItsBadValuesAreReportedTogether()
    {
        var off = AgentConfigReader.Load(null, Env(), NoFlags);
        Assert.Equal((false, "/etc/avahi/services"), (off.Avahi.Enabled, off.Avahi.ServicesDirectory));
        var on = AgentConfigReader.Load(null, Env(("NODEAGENT__DISCOVERY__AVAHI__ENABLED", "true"), ("NODEAGENT__DISCOVERY__AVAHI__SERVICESDIRECTORY", "/srv/avahi")), NoFlags);
        Assert.Equal((true, "/srv/avahi"), (on.Avahi.Enabled, on.Avahi.ServicesDirectory));

        var file = File("""
            { "Discovery": { "Avahi": { "Enabled": "sometimes", "ServicesDirectory": "avahi/services" } } }
            """);
        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(file, Env(), NoFlags));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'sometimes' must be true or false", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'avahi/services' must be an absolute path", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowedHostsAreNamesFromAListOrAnArray()
    {
        Assert.Empty(AgentConfigReader.Load(null, Env(), NoFlags).AllowedHosts);
        var joined = AgentConfigReader.Load(null, Env(("NODEAGENT__WEB__ALLOWEDHOSTS", "Node.Example.net; nodebox.lan.")), NoFlags);
        Assert.Equal(["node.example.net", "nodebox.lan"], joined.AllowedHosts);
        var array = AgentConfigReader.Load(File("""{ "Web": { "AllowedHosts": ["a.example.org", "b"] } }"""), Env(), NoFlags);
        Assert.Equal(["a.example.org", "b"], array.AllowedHosts);
    }

    [Fact]
    public void EveryBadAllowedHostIsReportedTogether()
    {
        var file = File("""{ "Web": { "AllowedHosts": ["http://node.example.net", "node.example.net:8480", "192.168.1.5", "[::1]", "bad_name", "-dash.example", ""] } }""");
        var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(file, Env(), NoFlags));
        Assert.Equal(6, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.EndsWith("'http://node.example.net' is not a host name: write the name alone, without scheme or path (e.g. node.example.net)", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.EndsWith("'node.example.net:8480' is not a host name: write it without a port (any port of this node is allowed)", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.EndsWith("'192.168.1.5' is an IP address: addresses are always allowed, list only names", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.EndsWith("'[::1]' is an IP address: addresses are always allowed, list only names", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'bad_name' is not a host name: dot-separated labels", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'-dash.example' is not a host name", StringComparison.Ordinal));
    }
}
