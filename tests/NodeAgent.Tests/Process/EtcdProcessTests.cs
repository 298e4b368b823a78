using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using NodeAgent.Tests.Discovery.Etcd;
using NodeAgent.Tests.Discovery.Serf;
using Xunit.Abstractions;

namespace NodeAgent.Tests.Process;

/// <summary>
/// Published agents with the etcd backend on: beside Serf, results merge and list both sources; a killed agent's
/// etcd records vanish after the TTL, a stopped one's at once; etcd dying shows in health, events and metrics.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Ttl = 3;
    private readonly List<string> _dirs = [];

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("nodeagent-etcd-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private static Dictionary<string, string> Env(string name, EtcdProcess etcd, SerfAgentProcess? serf, string type, string service, int port, string prefix)
    {
        var env = new Dictionary<string, string>
        {
            ["NODEAGENT__NODE__NAME"] = name,
            ["NODEAGENT__NODE__COMMUNITY"] = "sants",
            ["NODEAGENT__DISCOVERY__ETCD__ENABLED"] = "true",
            ["NODEAGENT__DISCOVERY__ETCD__ENDPOINTS__0"] = etcd.ClientUrl,
            ["NODEAGENT__DISCOVERY__ETCD__PREFIX"] = prefix,
            ["NODEAGENT__DISCOVERY__ETCD__TTLSECONDS"] = Ttl.ToString(CultureInfo.InvariantCulture),
            ["NODEAGENT__SERVICES__0__TYPE"] = type,
            ["NODEAGENT__SERVICES__0__NAME"] = service,
            ["NODEAGENT__SERVICES__0__PORT"] = port.ToString(CultureInfo.InvariantCulture),
        };
        if (serf is null)
        {
            env["NODEAGENT__DISCOVERY__SERF__ENABLED"] = "false";
        }
        else
        {
            env["NODEAGENT__DISCOVERY__SERF__RPCADDRESS"] = serf.RpcEndpoint.ToString();
        }
        return env;
    }

    private static async Task<JsonElement?> FindAsync(AgentProcess agent, string query, Func<JsonElement, bool> match)
    {
        using var doc = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/search?" + query));
        return doc.RootElement.EnumerateArray().Where(match).Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
    }

    private static string[] Sources(JsonElement result) => [.. result.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!)];

    [Fact]
    public async Task BesideSerfResultsMergeAndAKilledAgentsEtcdRecordsVanishAfterTheTtl()
    {
        await using var etcd = await EtcdProcess.StartSingleAsync("pe");
        await using var cluster = await SerfCluster.StartAsync(2, "pe");
        var prefix = $"/na-{Guid.NewGuid():N}/";
        await using var a = await AgentProcess.StartAsync(NewDir(), Env("node-a", etcd, cluster[0], "_syncthing._tcp", "sync a", 22000, prefix));
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", etcd, cluster[1], "_http._tcp", "web b", 8080, prefix));

        var both = await Wait.UntilAsync(() => FindAsync(a, "type=_http._tcp", r => Sources(r).Length == 2), "b's service known to both backends");
        Assert.Equal(["serf", "etcd"], Sources(both));
        Assert.Equal(["serf", "etcd"], both.GetProperty("lastSeenBy").EnumerateObject().Select(p => p.Name));
        var record = both.GetProperty("record");
        Assert.Equal(("pe-1", "web b", 8080), (record.GetProperty("nodeName").GetString(), record.GetProperty("name").GetString(), record.GetProperty("port").GetInt32()));
        using (var stats = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/cloud/stats")))
        {
            Assert.Equal((2, 2), (stats.RootElement.GetProperty("nodes").GetInt32(), stats.RootElement.GetProperty("agents").GetInt32()));
            Assert.Equal(1, stats.RootElement.GetProperty("instances").GetProperty("_http._tcp").GetInt32());
            Assert.Equal(["serf:True", "etcd:True"], stats.RootElement.GetProperty("backends").EnumerateArray()
                .Select(x => $"{x.GetProperty("name").GetString()}:{x.GetProperty("up").GetBoolean()}"));
        }
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "cloud", "stats", "--socket", a.SocketPath);
        Assert.True(code == 0, stderr);
        Assert.Contains("Backend    etcd: up", stdout, StringComparison.Ordinal);
        var metrics = await a.Http.GetStringAsync("metrics");
        Assert.Contains("nodeagent_discovery_backend_up{backend=\"serf\"} 1\nnodeagent_discovery_backend_up{backend=\"etcd\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Single(metrics.Split('\n'), l => l == "# TYPE nodeagent_discovery_backend_up gauge");

        // b's agent dies without a word (its Serf agent lives on, so Serf still lists what it fetched): etcd forgets b after the TTL.
        await b.KillAsync();
        var clock = Stopwatch.StartNew();
        var serfOnly = await Wait.UntilAsync(() => FindAsync(a, "type=_http._tcp", r => Sources(r) is ["serf"]), "b's etcd records expired");
        output.WriteLine($"a SIGKILLed agent's etcd records vanished {clock.ElapsedMilliseconds} ms after the kill (TTL {Ttl} s)");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(Ttl - 1.5), TimeSpan.FromSeconds(Ttl + 3));

        await etcd.KillAsync();
        await Wait.UntilAsync(async () => (await a.Http.GetStringAsync("metrics")).Contains("nodeagent_discovery_backend_up{backend=\"etcd\"} 0", StringComparison.Ordinal) ? true : (bool?)null, "etcd down in metrics");
        using var health = await a.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var checks = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var etcdCheck = checks.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "discovery.etcd");
        Assert.Equal("down", etcdCheck.GetProperty("status").GetString());
        Assert.Equal("healthy", checks.RootElement.GetProperty("status").GetString());
        Assert.Contains((await a.WaitForEventsAsync("discovery.etcd.down")).Select(e => e.GetProperty("kind").GetString()), k => k == "discovery.etcd.down");
        Assert.NotNull(await FindAsync(a, "type=_syncthing._tcp", _ => true)); // still answering
        Assert.Equal(0, await a.StopAsync());
    }

    [Fact]
    public async Task WithEtcdAloneAStoppedAgentsRecordsAreGoneAtOnce()
    {
        await using var etcd = await EtcdProcess.StartSingleAsync("pe2");
        var prefix = $"/na-{Guid.NewGuid():N}/";
        await using var a = await AgentProcess.StartAsync(NewDir(), Env("node-a", etcd, null, "_syncthing._tcp", "sync a", 22000, prefix));
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", etcd, null, "_http._tcp", "web b", 8080, prefix));

        var found = await Wait.UntilAsync(() => FindAsync(b, "q=sync", _ => true), "a's service found through etcd alone");
        Assert.Equal(["etcd"], Sources(found));
        Assert.Equal("node-a", found.GetProperty("record").GetProperty("nodeName").GetString());
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "search", "--socket", b.SocketPath, "--type", "_syncthing._tcp");
        Assert.True(code == 0, stderr);
        Assert.Contains("sync a", stdout, StringComparison.Ordinal);
        Assert.Contains(" etcd ", stdout, StringComparison.Ordinal); // the SOURCES column
        Assert.DoesNotContain("backend=\"serf\"", await b.Http.GetStringAsync("metrics"), StringComparison.Ordinal);

        Assert.Equal(0, await a.StopAsync());
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(async () => await FindAsync(b, "q=sync", _ => true) is null ? true : (bool?)null, "a's records gone");
        output.WriteLine($"a stopped agent's records vanished {clock.ElapsedMilliseconds} ms after it exited");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"gone {clock.Elapsed} after the stop");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 does not call the latter on test classes, and the data directories stayed behind.
    public Task DisposeAsync()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Polls every 50 ms for up to 15 s.</summary>
    private static class Wait
    {
        public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
            where T : struct
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                if (await probe() is { } value)
                {
                    return value;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{what}: not within 15 s");
                }
                await Task.Delay(50);
            }
        }
    }
}
