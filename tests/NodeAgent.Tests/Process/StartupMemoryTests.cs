using System.Globalization;
using NodeAgent.Hosting;

namespace NodeAgent.Tests.Process;

/// <summary>
/// Start-up's garbage goes back to the system once the agent has settled: the published agent, run as the .deb's
/// unit runs it, holds several MB more committed heap than it needs shortly after start, and both its managed
/// committed bytes and its anonymous resident memory fall soon after <see cref="StartupMemory.SettleDelay"/>.
/// Without the settle-time collection neither falls at idle (measured for two minutes).
/// </summary>
public sealed class StartupMemoryTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-memory-").FullName;
    private AgentProcess _agent = null!;

    public async Task InitializeAsync() =>
        _agent = await AgentProcess.StartAsync(_dir, new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "100000" });

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task StartUpGarbageIsGivenBackOnceTheAgentHasSettled()
    {
        var started = DateTime.UtcNow;
        await Task.Delay(StartupMemory.SettleDelay - TimeSpan.FromSeconds(3));
        var committedBefore = await CommittedAsync();
        var anonBefore = RssAnon(_agent.Pid);
        Assert.True(DateTime.UtcNow - started < StartupMemory.SettleDelay, "the reading before the settle came too late: the machine is too loaded for this test");

        var deadline = started + StartupMemory.SettleDelay + TimeSpan.FromSeconds(20);
        long committedAfter, anonAfter;
        do
        {
            await Task.Delay(500);
            committedAfter = await CommittedAsync();
            anonAfter = RssAnon(_agent.Pid);
        }
        while ((committedAfter > committedBefore - 2 * MiB || anonAfter > anonBefore - 2 * MiB) && DateTime.UtcNow < deadline);

        Assert.True(committedAfter <= committedBefore - 2 * MiB,
            $"managed committed bytes {committedBefore / 1024} KiB before the settle, still {committedAfter / 1024} KiB after");
        Assert.True(anonAfter <= anonBefore - 2 * MiB,
            $"RssAnon {anonBefore / 1024} KiB before the settle, still {anonAfter / 1024} KiB after");
    }

    private async Task<long> CommittedAsync()
    {
        var metrics = await _agent.Http.GetStringAsync("metrics");
        const string name = "nodeagent_process_managed_committed_bytes ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line.AsSpan(name.Length), CultureInfo.InvariantCulture);
    }

    private static long RssAnon(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
