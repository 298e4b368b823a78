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
        A = await AgentProcess.StartAsync(NewDir(), Env("node-a", Cluster[0], "_syncthing._tcp", "sync a", 22000));
        B = await AgentProcess.StartAsync(NewDir(), Env("node-b", Cluster[1], "_http._tcp", "web b", 8080));
        Chromium = await launch;
        OwnerState = await Owner.PairedStateAsync(Chromium, A);
        await WaitAsync(async () => (await A.Http.GetStringAsync("api/v1/search?q=web%20b")).Contains("web b", StringComparison.Ordinal),
            "A's search finds B's service");
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
