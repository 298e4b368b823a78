using System.Globalization;
using NodeAgent.Hosting;

namespace NodeAgent.Tests.Process;

/// <summary>
/// The garbage collector's spare memory goes back to the system after start-up and after a burst of requests: the
/// published agent, run as the .deb's unit runs it, holds several MB more committed heap than it needs after each,
/// and both its managed committed bytes and its anonymous resident memory fall soon after. Without
/// <see cref="HeapTrim"/> neither falls at idle (measured for three minutes).
/// </summary>
public sealed class HeapTrimTests : IAsyncLifetime
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
        await Task.Delay(HeapTrim.SettleDelay - TimeSpan.FromSeconds(3));
        var committedBefore = await CommittedAsync();
        var anonBefore = RssAnon(_agent.Pid);
        Assert.True(DateTime.UtcNow - started < HeapTrim.SettleDelay, "the reading before the settle came too late: the machine is too loaded for this test");

        var deadline = started + HeapTrim.SettleDelay + TimeSpan.FromSeconds(20);
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

    [Fact]
    public async Task SpareMemoryLeftByABurstOfRequestsIsGivenBack()
    {
        var started = DateTime.UtcNow;
        await Task.Delay(HeapTrim.SettleDelay + TimeSpan.FromSeconds(2));

        // A scraper gone wild: sixteen clients asking for /metrics as fast as the agent answers, for five seconds.
        var burstEnd = DateTime.UtcNow.AddSeconds(5);
        var answered = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (DateTime.UtcNow < burstEnd)
            {
                using var response = await _agent.Http.GetAsync("metrics");
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref answered);
            }
        }));
        var committedPeak = await CommittedAsync();
        var anonPeak = RssAnon(_agent.Pid);
        Assert.True(committedPeak - await HeapAsync() > HeapTrim.SlackBytes,
            $"the burst ({answered} requests) left only {(committedPeak - await HeapAsync()) / 1024} KiB committed beyond the heap: nothing to give back, so this test proves nothing");

        var deadline = DateTime.UtcNow + HeapTrim.CheckEvery + TimeSpan.FromSeconds(10);
        long committedAfter, anonAfter;
        do
        {
            await Task.Delay(500);
            committedAfter = await CommittedAsync();
            anonAfter = RssAnon(_agent.Pid);
        }
        while ((committedAfter > committedPeak - 2 * MiB || anonAfter > anonPeak - 2 * MiB) && DateTime.UtcNow < deadline);

        Assert.True(committedAfter <= committedPeak - 2 * MiB,
            $"managed committed bytes {committedPeak / 1024} KiB after {answered} requests, still {committedAfter / 1024} KiB {(DateTime.UtcNow - started).TotalSeconds:0} s after start");
        Assert.True(anonAfter <= anonPeak - 2 * MiB,
            $"RssAnon {anonPeak / 1024} KiB after {answered} requests, still {anonAfter / 1024} KiB {(DateTime.UtcNow - started).TotalSeconds:0} s after start");
    }

    private Task<long> CommittedAsync() => MetricAsync("nodeagent_process_managed_committed_bytes");

    private Task<long> HeapAsync() => MetricAsync("nodeagent_process_managed_heap_bytes");

    private async Task<long> MetricAsync(string metric)
    {
        var metrics = await _agent.Http.GetStringAsync("metrics");
        var name = metric + " ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line.AsSpan(name.Length), CultureInfo.InvariantCulture);
    }

    private static long RssAnon(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
