using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NodeAgent.Contracts;

namespace NodeAgent.Tests.Process;

/// <summary>Starting, stopping and misconfiguring the published binary, and its CLI verbs.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-life-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BadConfigurationIsReportedWholeAndTheAgentDoesNotStart()
    {
        var config = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Node": { "Name": "-bad-" }, "Colour": "green", "Events": { "Max": 5 } }""");
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "run", "--config", config, "--data", Path.Combine(_dir, "data"));
        Assert.Equal(78, code);
        Assert.Empty(stdout);
        Assert.Contains("unknown key 'Colour'", stderr, StringComparison.Ordinal);
        Assert.Contains("'-bad-' must be a DNS label", stderr, StringComparison.Ordinal);
        Assert.Contains("'5' must be a whole number from 10 to 1000000", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "nothing may be created from a bad configuration");
    }

    [Fact]
    public async Task UnknownVerbsAndFlagsAreUsageErrors()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(null, "run", "--colour", "green");
        Assert.NotEqual(0, code);
        Assert.Contains("--colour", stderr, StringComparison.Ordinal);
        (code, var stdout, _) = await CliRunner.RunAsync(null, "version");
        Assert.Equal(0, code);
        Assert.Equal("nodeagent 0.1.0 (x64)", stdout.Trim());
    }

    [Fact]
    public async Task CliVerbsTalkToTheDaemonOverItsSocket()
    {
        await using var agent = await AgentProcess.StartAsync(_dir);
        var env = new Dictionary<string, string> { ["NODEAGENT__SOCKET"] = agent.SocketPath };

        var (code, stdout, _) = await CliRunner.RunAsync(env, "status");
        Assert.Equal(0, code);
        Assert.Contains("Health     healthy", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync(env, "status", "--json");
        Assert.Equal(0, code);
        var status = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("healthy", status.GetProperty("health").GetProperty("status").GetString());

        (code, stdout, _) = await CliRunner.RunAsync(env, "resources", "--json");
        Assert.Equal(0, code);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("uptimeSeconds").GetDouble() > 0);

        (code, stdout, _) = await CliRunner.RunAsync(env, "resources");
        Assert.Equal(0, code);
        Assert.Contains("Memory", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync(env, "settings", "--name", "bright-owl", "--community", "guifi-bcn");
        Assert.Equal(0, code);
        Assert.Contains("bright-owl  (saved)", stdout, StringComparison.Ordinal);

        (code, _, var stderr) = await CliRunner.RunAsync(env, "settings", "--name", "Bad Name");
        Assert.Equal(65, code);
        Assert.Contains("must be a DNS label", stderr, StringComparison.Ordinal);
        using var node = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/node"));
        Assert.Equal("bright-owl", node.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CliWithoutADaemonSaysHowToStartOne()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(null, "status", "--socket", Path.Combine(_dir, "none.sock"));
        Assert.Equal(69, code);
        Assert.Contains("no agent is answering", stderr, StringComparison.Ordinal);
        Assert.Contains("nodeagent run", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondAgentOnTheSameDataIsRefused()
    {
        await using var first = await AgentProcess.StartAsync(_dir);
        await using var second = AgentProcess.Launch(_dir, null);
        Assert.Equal(69, await second.WaitExitAsync());
        Assert.Contains("another nodeagent is already running", second.Output, StringComparison.Ordinal);
        await first.WaitHealthyAsync();
    }

    [Fact]
    public async Task SigtermStopsCleanlyKeepingIdentityHistoryAndEvents()
    {
        string id;
        await using (var agent = await AgentProcess.StartAsync(_dir))
        {
            id = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/node")).RootElement.GetProperty("id").GetString()!;
            await Task.Delay(1500);
            Assert.Equal(0, await agent.StopAsync());
        }
        Assert.False(File.Exists(Path.Combine(_dir, "nodeagent.sock")) && CanConnect(Path.Combine(_dir, "nodeagent.sock")));
        await using (var again = await AgentProcess.StartAsync(_dir))
        {
            using var node = JsonDocument.Parse(await again.Http.GetStringAsync("api/v1/node"));
            Assert.Equal(id, node.RootElement.GetProperty("id").GetString());
            // Only the agent's own lifecycle: discovery logs its backend's state beside it (down here: no Serf agent).
            var kinds = (await again.WaitForEventsAsync("agent.started", 2)).Select(e => e.GetProperty("kind").GetString())
                .Where(k => k!.StartsWith("agent.", StringComparison.Ordinal)).ToList();
            Assert.Equal(["agent.started", "agent.stopped", "agent.started"], kinds.AsEnumerable().Reverse());
            // The open minute was written at shutdown: history survives the restart.
            var points = JsonDocument.Parse(await again.Http.GetStringAsync("api/v1/resources/history?metric=mem.available&since=1h"))
                .RootElement.GetProperty("points");
            Assert.True(points.GetArrayLength() >= 1, points.ToString());
        }
    }

    [Fact]
    public async Task ADamagedStoreIsKeptAsideAndTheNodeStartsAfresh()
    {
        var garbage = new byte[20000];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "nodeagent.db"), garbage);
        await using var agent = await AgentProcess.StartAsync(_dir);
        var aside = Assert.Single(Directory.GetFiles(_dir, "nodeagent.db.corrupt-*"));
        Assert.Equal(garbage, await File.ReadAllBytesAsync(aside));
        var events = await agent.WaitForEventsAsync("agent.started");
        var recovered = Assert.Single(events, e => e.GetProperty("kind").GetString() == "store.recovered");
        Assert.Equal("error", recovered.GetProperty("severity").GetString());
        Assert.Contains(aside, recovered.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchdogIsPingedWhenSystemdAsksForIt()
    {
        var notifyPath = Path.Combine(_dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var agent = await AgentProcess.StartAsync(Path.Combine(_dir, "data"), new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = notifyPath,
            ["WATCHDOG_USEC"] = "1000000", // 1 s: pings every 0.5 s
        });
        var pings = 0;
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (pings < 3)
        {
            var n = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (Encoding.ASCII.GetString(buffer, 0, n) == "WATCHDOG=1")
            {
                pings++;
            }
        }
        Assert.Equal(3, pings);
    }

    private static bool CanConnect(string path)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
