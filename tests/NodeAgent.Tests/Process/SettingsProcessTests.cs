using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodeAgent.Configuration;
using NodeAgent.Tests.Discovery.Serf;

namespace NodeAgent.Tests.Process;

/// <summary>
/// The owner's settings against the published agent beside real Serf agents on loopback: declared services and the
/// guifi.net id reach another node's search at once; a bad request changes nothing; turning Serf off and on again
/// applies at once (a second node sees the records go and come back) and is still in force after a restart.
/// </summary>
[Trait("Category", "Serf")]
public sealed class SettingsProcessTests : IAsyncLifetime
{
    private readonly List<string> _dirs = [];
    private AgentProcess? _agent;

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("nodeagent-settings-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private static Dictionary<string, string> Env(string name, SerfAgentProcess serf, string service) => new()
    {
        ["NODEAGENT__NODE__NAME"] = name,
        ["NODEAGENT__NODE__COMMUNITY"] = "gracia",
        ["NODEAGENT__DISCOVERY__SERF__RPCADDRESS"] = serf.RpcEndpoint.ToString(),
        ["NODEAGENT__SERVICES__0__TYPE"] = "_http._tcp",
        ["NODEAGENT__SERVICES__0__NAME"] = service,
        ["NODEAGENT__SERVICES__0__PORT"] = "8080",
    };

    [Fact]
    public async Task ServicesGuifiIdAndASerfToggleApplyAtOnceAndSurviveARestart()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "st");
        var dirA = NewDir();
        var envA = Env("node-a", cluster[0], "web a");
        _agent = await AgentProcess.StartAsync(dirA, envA);
        var a = _agent;
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", cluster[1], "web b"));
        await Until(b, "web a", found => found, "b finds web a");

        // The guifi.net id from the CLI: in every published record at once.
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", a.SocketPath, "--guifi-node", "4242", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(4242, JsonDocument.Parse(stdout).RootElement.GetProperty("guifiNode").GetInt32());
        await Until(b, "web a", _ => Field(b, "web a", GuifiNodes.Field).Result == "4242", "web a carries guifi_node=4242");
        using (var node = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/node")))
        {
            Assert.Equal(4242, node.RootElement.GetProperty("guifiNode").GetInt32());
        }
        // And in a's Serf tags, for `serf members` and tools that read them.
        await using (var rpc = await cluster.ConnectAsync(1))
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await rpc.MembersAsync()).Single(m => m.Name == cluster[0].Name).Tags.GetValueOrDefault("g") != "4242")
            {
                Assert.True(DateTime.UtcNow < deadline, "a's Serf tag g=4242 within 10 s");
                await Task.Delay(100);
            }
        }
        (code, stdout, stderr) = await CliRunner.RunAsync(null, "status", "--socket", a.SocketPath);
        Assert.True(code == 0, stderr);
        Assert.Contains("guifi.net  node 4242", stdout, StringComparison.Ordinal);

        // Declared services replaced over the socket: republished at once.
        using var socket = a.SocketHttp();
        using (var put = await socket.PutAsync("api/v1/settings", Json("""{"services":[{"type":"_http._tcp","name":"wiki a","port":8090,"fields":["path=/wiki"]}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        await Until(b, "wiki a", found => found, "b finds wiki a");
        await Until(b, "web a", found => !found, "web a leaves b's search");
        Assert.Equal("4242", await Field(b, "wiki a", GuifiNodes.Field));
        Assert.Equal("/wiki", await Field(b, "wiki a", "path"));

        // A bad request changes nothing, not even its good parts.
        var before = await a.Http.GetStringAsync("api/v1/settings");
        using (var bad = await socket.PutAsync("api/v1/settings", Json("""{"guifiNode":5,"services":[{"type":"_http._tcp","name":"x","port":0}]}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            var error = problem.RootElement.GetProperty("errors").EnumerateArray().Single();
            Assert.Equal("services[0].port", error.GetProperty("field").GetString());
            Assert.Equal("services[0].port: '0' must be a port number from 1 to 65535", error.GetProperty("message").GetString());
        }
        Assert.Equal(before, await a.Http.GetStringAsync("api/v1/settings"));
        (code, _, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", a.SocketPath, "--guifi-node", "-3");
        Assert.Equal(65, code);
        Assert.Contains($"guifiNode: '-3' {GuifiNodes.Rule}", stderr, StringComparison.Ordinal);

        // Serf off: saved and applied before the answer; the records leave b's search without a restart.
        (code, stdout, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", a.SocketPath, "--serf", "false", "--json");
        Assert.True(code == 0, stderr);
        var serf = JsonDocument.Parse(stdout).RootElement.GetProperty("discovery").GetProperty("serf");
        Assert.Equal((false, "saved"), (serf.GetProperty("enabled").GetBoolean(), serf.GetProperty("source").GetString()));
        Assert.False(serf.TryGetProperty("restartPending", out _));
        Assert.DoesNotContain("backend=\"serf\"", await a.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        using (var health = JsonDocument.Parse(await a.Http.GetStringAsync("healthz")))
        {
            Assert.DoesNotContain(health.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "discovery");
        }
        await Until(b, "wiki a", found => !found, "wiki a leaves b's search once a's Serf backend is off");
        using (var search = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/search")))
        {
            Assert.Equal(0, search.RootElement.GetArrayLength()); // a's own view of the cloud went with the backend
        }

        // And on again: b finds it again, guifi id and all, with no restart.
        (code, _, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", a.SocketPath, "--serf", "true");
        Assert.True(code == 0, stderr);
        await Until(b, "wiki a", found => found, "b finds wiki a after Serf came back on");
        Assert.Equal("4242", await Field(b, "wiki a", GuifiNodes.Field));
        Assert.Contains("nodeagent_discovery_backend_up{backend=\"serf\"} 1", await a.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        var events = await a.WaitForEventsAsync("discovery.backend.applied", 2);
        Assert.Equal(["Serf discovery turned off", "Serf discovery turned on"], events.Where(e => e.GetProperty("kind").GetString() == "discovery.backend.applied").Select(e => e.GetProperty("message").GetString()).Order(StringComparer.Ordinal));

        // Off once more, then a restart: the saved choice is what the next start runs with.
        (code, _, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", a.SocketPath, "--serf", "false");
        Assert.True(code == 0, stderr);
        a = await RestartAsync(dirA, envA);
        using (var settings = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/settings")))
        {
            Assert.False(settings.RootElement.GetProperty("discovery").GetProperty("serf").GetProperty("enabled").GetBoolean());
            Assert.Equal("wiki a", settings.RootElement.GetProperty("services")[0].GetProperty("name").GetString());
            Assert.Equal(4242, settings.RootElement.GetProperty("guifiNode").GetInt32());
        }
        Assert.DoesNotContain("backend=\"serf\"", await a.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        await Task.Delay(3000); // long enough for a republish to reach b, were there one
        Assert.False(await Found(b, "wiki a"));
        Assert.Contains(await a.WaitForEventsAsync("settings.changed", 4), e => e.GetProperty("message").GetString()!.Contains("Serf discovery off", StringComparison.Ordinal));
    }

    /// <summary>A clean stop (SIGTERM, exit 0) and a start on the same store.</summary>
    private async Task<AgentProcess> RestartAsync(string dir, Dictionary<string, string> env)
    {
        var old = _agent!;
        _agent = null;
        try
        {
            Assert.Equal(0, await old.StopAsync());
        }
        finally
        {
            await old.DisposeAsync();
        }
        _agent = await AgentProcess.StartAsync(dir, env);
        return _agent;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<bool> Found(AgentProcess searcher, string name) =>
        (await searcher.Http.GetStringAsync($"api/v1/search?q={Uri.EscapeDataString(name)}")).Contains($"\"{name}\"", StringComparison.Ordinal);

    private static async Task<string?> Field(AgentProcess searcher, string name, string key)
    {
        using var doc = JsonDocument.Parse(await searcher.Http.GetStringAsync($"api/v1/search?q={Uri.EscapeDataString(name)}"));
        foreach (var result in doc.RootElement.EnumerateArray())
        {
            var record = result.GetProperty("record");
            if (record.GetProperty("name").GetString() == name)
            {
                return record.GetProperty("fields").TryGetProperty(key, out var v) ? v.GetString() : null;
            }
        }
        return null;
    }

    private static async Task Until(AgentProcess searcher, string name, Func<bool, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done(await Found(searcher, name)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within 20 s: {what}");
            }
            await Task.Delay(150);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
