using System.Net;
using System.Text.Json;
using NodeAgent.Tests.Discovery.Serf;

namespace NodeAgent.Tests.Process;

/// <summary>
/// Two published agents, each beside its own real Serf agent, each declaring a service: each finds the other's
/// through the API and the CLI, and the health, metrics and change stream say discovery is up.
/// </summary>
[Trait("Category", "Serf")]
public sealed class DiscoveryProcessTests : IAsyncLifetime
{
    private readonly List<string> _dirs = [];

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("nodeagent-disc-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private static Dictionary<string, string> Env(string name, SerfAgentProcess serf, string type, string service, int port) => new()
    {
        ["NODEAGENT__NODE__NAME"] = name,
        ["NODEAGENT__NODE__COMMUNITY"] = "sants",
        ["NODEAGENT__DISCOVERY__SERF__RPCADDRESS"] = serf.RpcEndpoint.ToString(),
        ["NODEAGENT__SERVICES__0__TYPE"] = type,
        ["NODEAGENT__SERVICES__0__NAME"] = service,
        ["NODEAGENT__SERVICES__0__PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NODEAGENT__SERVICES__0__FIELDS__0"] = "path=/",
    };

    [Fact]
    public async Task TwoAgentsFindEachOthersServicesThroughTheirOwnSerfAgents()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "pa");
        await using var a = await AgentProcess.StartAsync(NewDir(), Env("node-a", cluster[0], "_syncthing._tcp", "sync a", 22000));
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", cluster[1], "_http._tcp", "web b", 8080));
        using var changes = await a.Http.GetAsync("api/v1/cloud/changes", HttpCompletionOption.ResponseHeadersRead);
        var events = new StreamReader(await changes.Content.ReadAsStreamAsync());

        var found = await DiscoveryWait(async () =>
        {
            using var doc = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/search?type=_http._tcp"));
            return doc.RootElement.GetArrayLength() == 1 ? doc.RootElement[0].Clone() : (JsonElement?)null;
        });
        var record = found.GetProperty("record");
        Assert.Equal(("pa-1", "web b", 8080, "sants", "/"), (record.GetProperty("nodeName").GetString(), record.GetProperty("name").GetString(),
            record.GetProperty("port").GetInt32(), record.GetProperty("community").GetString(), record.GetProperty("fields").GetProperty("path").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", record.GetProperty("nodeId").GetString());
        Assert.Equal(["serf"], found.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        await DiscoveryWait(async () => (await b.Http.GetStringAsync("api/v1/search?q=sync")).Contains("sync a", StringComparison.Ordinal) ? true : (bool?)null);

        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "search", "--socket", b.SocketPath, "--type", "_syncthing._tcp");
        Assert.True(code == 0, stderr);
        Assert.Contains("sync a", stdout, StringComparison.Ordinal);
        (code, stdout, stderr) = await CliRunner.RunAsync(null, "cloud", "stats", "--socket", a.SocketPath, "--json");
        Assert.True(code == 0, stderr);
        using var stats = JsonDocument.Parse(stdout);
        Assert.Equal((2, 2), (stats.RootElement.GetProperty("nodes").GetInt32(), stats.RootElement.GetProperty("agents").GetInt32()));
        Assert.Equal("sants", stats.RootElement.GetProperty("communities")[0].GetProperty("community").GetString());
        (code, _, stderr) = await CliRunner.RunAsync(null, "search", "--socket", a.SocketPath, "--type", "http");
        Assert.Equal(65, code);
        Assert.Contains("'type' must be a DNS-SD service type", stderr, StringComparison.Ordinal);

        Assert.Contains("nodeagent_discovery_backend_up{backend=\"serf\"} 1", await a.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        using var health = JsonDocument.Parse(await a.Http.GetStringAsync("healthz"));
        Assert.Equal("healthy", health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "discovery").GetProperty("status").GetString());
        Assert.Equal("text/event-stream", changes.Content.Headers.ContentType?.MediaType);
        string? line;
        var sawUp = false;
        while (!sawUp && (line = await events.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5))) is not null)
        {
            sawUp = line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"service-up\"", StringComparison.Ordinal) && line.Contains("web b", StringComparison.Ordinal);
        }
        Assert.True(sawUp, "the change stream carried web b coming up");

        // Serf gone: the node stays healthy and keeps answering, discovery says down.
        await cluster[0].StopAsync();
        await DiscoveryWait(async () => (await a.Http.GetStringAsync("metrics")).Contains("nodeagent_discovery_backend_up{backend=\"serf\"} 0", StringComparison.Ordinal) ? true : (bool?)null);
        using var response = await a.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"down\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains((await a.WaitForEventsAsync("discovery.serf.down")).Select(e => e.GetProperty("kind").GetString()), k => k == "discovery.serf.down");
        Assert.Equal(0, await a.StopAsync());
    }

    [Fact]
    public async Task AStoppedAgentsServicesLeaveTheOthersSearchAtOnce()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "ps");
        await using var a = await AgentProcess.StartAsync(NewDir(), Env("node-a", cluster[0], "_syncthing._tcp", "sync a", 22000));
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", cluster[1], "_http._tcp", "web b", 8080));
        await DiscoveryWait(async () => (await a.Http.GetStringAsync("api/v1/search?type=_http._tcp")).Contains("web b", StringComparison.Ordinal) ? true : (bool?)null);

        Assert.Equal(0, await b.StopAsync()); // SIGTERM
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await DiscoveryWait(async () => (await a.Http.GetStringAsync("api/v1/search?type=_http._tcp")) == "[]" ? true : (bool?)null);
        var gone = clock.Elapsed;

        Assert.True(gone < TimeSpan.FromSeconds(3), $"web b gone {gone.TotalSeconds:F1} s after its agent stopped");
        using var stats = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/cloud/stats"));
        Assert.Equal((2, 1), (stats.RootElement.GetProperty("nodes").GetInt32(), stats.RootElement.GetProperty("agents").GetInt32())); // its Serf still runs
    }

    [Fact]
    public async Task AnAgentAsksAnotherThroughTheCloudToIdentifyFromTheApiAndTheCli()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "pi");
        await using var a = await AgentProcess.StartAsync(NewDir(), Env("node-a", cluster[0], "_syncthing._tcp", "sync a", 22000));
        await using var b = await AgentProcess.StartAsync(NewDir(), Env("node-b", cluster[1], "_http._tcp", "web b", 8080));
        var found = await DiscoveryWait(async () =>
        {
            using var doc = JsonDocument.Parse(await a.Http.GetStringAsync("api/v1/search?type=_http._tcp"));
            return doc.RootElement.GetArrayLength() == 1 ? doc.RootElement[0].Clone() : (JsonElement?)null;
        });
        var bId = found.GetProperty("record").GetProperty("nodeId").GetString()!;

        // A change: over the socket (over TCP it would need an owner session).
        using var socket = a.SocketHttp();
        using var asked = await socket.PostAsync($"api/v1/cloud/nodes/{bId}/identify", null);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Contains("\"nodeName\":\"pi-1\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await DiscoveryWait(async () =>
        {
            using var feedback = JsonDocument.Parse(await b.Http.GetStringAsync("api/v1/feedback"));
            return feedback.RootElement.GetProperty("state").GetString() == "identify" ? true : (bool?)null;
        });
        Assert.Contains(await b.WaitForEventsAsync("feedback.identify.cloud"), e => e.GetProperty("kind").GetString() == "feedback.identify.cloud");

        // Asked again at once (by the CLI): sent, but b shows itself at most once per 10 s.
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "identify", "--socket", a.SocketPath, "--node", bId);
        Assert.True(code == 0, stderr);
        Assert.Contains($"Asked pi-1 ({bId}) to identify itself, through serf.", stdout, StringComparison.Ordinal);
        await Task.Delay(1500);
        using (var events = JsonDocument.Parse(await b.Http.GetStringAsync("api/v1/events")))
        {
            Assert.Single(events.RootElement.EnumerateArray(), e => e.GetProperty("kind").GetString() == "feedback.identify.cloud");
        }

        (code, _, stderr) = await CliRunner.RunAsync(null, "identify", "--socket", a.SocketPath, "--node", "nonsense");
        Assert.Equal(65, code);
        Assert.Contains("is not a node id", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(null, "identify", "--socket", a.SocketPath, "--node", new string('e', 32));
        Assert.Equal(65, code);
        Assert.Contains("no node eeeeeeee", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(null, "identify", "--socket", a.SocketPath, "--node", bId, "--seconds", "5");
        Assert.NotEqual(0, code);
        Assert.Contains("--seconds applies to this node only", stderr, StringComparison.Ordinal);
    }

    private static async Task<T> DiscoveryWait<T>(Func<Task<T?>> probe)
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
                throw new TimeoutException("discovery did not get there within 15 s");
            }
            await Task.Delay(100);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 does not call the latter on test classes.
    public Task DisposeAsync()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
        return Task.CompletedTask;
    }
}
