using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using NodeAgent.Tests.Discovery.Serf;
using NodeAgent.Tests.Process;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// A small community cloud for the UI to show: three real Serf agents on loopback, agent A (the one whose UI is
/// driven) and agent B, each publishing a service declared in its configuration; the third Serf agent is for a
/// test that brings a third NodeAgent up and down. Plus one Chromium.
/// </summary>
public sealed class WebUiFixture : IAsyncLifetime
{
    private readonly List<string> _dirs = [];

    internal SerfCluster Cluster { get; private set; } = null!;

    internal AgentProcess A { get; private set; } = null!;

    internal AgentProcess B { get; private set; } = null!;

    internal Chromium Chromium { get; private set; } = null!;

    internal Uri BaseUrl => A.Http.BaseAddress!;

    /// <summary>Cookies of a browser paired as A's owner (the pages need an owner session unless reads are open to the LAN).</summary>
    internal string OwnerState { get; private set; } = null!;

    internal string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("nodeagent-ui-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    /// <summary>A's and B's environment: a service declared by hand, with the action a searcher is offered (reserved fields).</summary>
    internal static Dictionary<string, string> Env(string name, SerfAgentProcess serf, string type, string service, int port, params string[] action)
    {
        var env = Env(name, serf, type, service, port);
        for (var i = 0; i < action.Length; i++)
        {
            env[$"NODEAGENT__SERVICES__0__FIELDS__{i + 1}"] = action[i];
        }
        return env;
    }

    internal static Dictionary<string, string> Env(string name, SerfAgentProcess serf, string type, string service, int port) => new()
    {
        ["NODEAGENT__NODE__NAME"] = name,
        ["NODEAGENT__NODE__COMMUNITY"] = "sants",
        ["NODEAGENT__DISCOVERY__SERF__RPCADDRESS"] = serf.RpcEndpoint.ToString(),
        ["NODEAGENT__SERVICES__0__TYPE"] = type,
        ["NODEAGENT__SERVICES__0__NAME"] = service,
        ["NODEAGENT__SERVICES__0__PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["NODEAGENT__SERVICES__0__FIELDS__0"] = "path=/",
    };

    public async Task InitializeAsync()
    {
        Cluster = await SerfCluster.StartAsync(3, "ui");
        var launch = Chromium.LaunchAsync();
        var dirA = NewDir();
        SeedStore(dirA);
        A = await AgentProcess.StartAsync(dirA, Env("node-a", Cluster[0], "_syncthing._tcp", "sync a", 22000,
            "action=connect-client", "action-template={host}:{port}", "action-client=Syncthing"));
        B = await AgentProcess.StartAsync(NewDir(), Env("node-b", Cluster[1], "_http._tcp", "web b", 8080,
            "action=open-url", "action-template=http://{host}:{port}/wiki/"));
        Chromium = await launch;
        OwnerState = await Owner.PairedStateAsync(Chromium, A);
        await WaitAsync(async () => (await A.Http.GetStringAsync("api/v1/search?q=web%20b")).Contains("web b", StringComparison.Ordinal),
            "A's search finds B's service");
    }

    /// <summary>Start of the hour the seeded history leaves out, as if the agent had been stopped then.</summary>
    internal const int GapHoursAgo = 6;

    /// <summary>Events written into A's store before it starts: more than the events page shows at once.</summary>
    internal const int SeededEvents = 60;

    /// <summary>
    /// A day of CPU, memory and disk history written into A's store before it starts (the agent itself would need a
    /// day to gather it): every 2 minutes, up to the minute the agent's own samples take over, CPU a daily wave, with
    /// one hour missing. The charts must draw it from the API. And <see cref="SeededEvents"/> older events.
    /// </summary>
    private static void SeedStore(string dataDir)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var points = new List<NodeAgent.Storage.HistoryPoint>();
        for (var t = now - 86400 + 120 - (now % 60); t < now - 60; t += 120)
        {
            var hoursAgo = (now - t) / 3600.0;
            if (hoursAgo is < GapHoursAgo and > GapHoursAgo - 1)
            {
                continue;
            }
            points.Add(new(t, new Dictionary<string, double>
            {
                ["cpu.usage"] = 35 + (30 * Math.Sin(t / 86400.0 * 2 * Math.PI)),
                ["mem.used_percent"] = 40 + (hoursAgo % 5),
                ["disk.root.used_percent"] = 52,
            }));
        }
        using var store = NodeAgent.Storage.NodeStore.Open(dataDir);
        new NodeAgent.Storage.HistoryStore(store).Append(points, [], now);
        var events = new NodeAgent.Storage.EventLog(store, TimeProvider.System, 1000);
        for (var i = 1; i <= SeededEvents; i++)
        {
            events.Append("test.earlier", NodeAgent.Contracts.EventSeverity.Info, $"An earlier event written by the test ({i} of {SeededEvents})");
        }
    }

    /// <summary>Polls until <paramref name="done"/> (discovery takes a few seconds on a loaded machine).</summary>
    internal static async Task WaitAsync(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {seconds} s: {what}");
            }
            await Task.Delay(200);
        }
    }

    internal async Task<JsonElement> JsonAsync(string path)
    {
        using var doc = JsonDocument.Parse(await A.Http.GetStringAsync(path));
        return doc.RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
        foreach (var agent in new[] { A, B })
        {
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }
        }
        await Cluster.DisposeAsync();
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
