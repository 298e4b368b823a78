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

        await AssertBothFallAsync(committedBefore, anonBefore, started + HeapTrim.SettleDelay + TimeSpan.FromSeconds(20), "before the settle");
    }

    [Fact]
    public async Task SpareMemoryLeftByABurstOfRequestsIsGivenBack()
    {
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

        await AssertBothFallAsync(committedPeak, anonPeak, DateTime.UtcNow + HeapTrim.CheckEvery + TimeSpan.FromSeconds(10), $"after {answered} requests");
    }

    /// <summary>Waits until the committed heap and RssAnon have both fallen by 2 MiB from their readings, at most until <paramref name="deadline"/>.</summary>
    private async Task AssertBothFallAsync(long committedFrom, long anonFrom, DateTime deadline, string when)
    {
        long committed, anon;
        do
        {
            await Task.Delay(500);
            committed = await CommittedAsync();
            anon = RssAnon(_agent.Pid);
        }
        while ((committed > committedFrom - 2 * MiB || anon > anonFrom - 2 * MiB) && DateTime.UtcNow < deadline);

        Assert.True(committed <= committedFrom - 2 * MiB, $"managed committed bytes {committedFrom / 1024} KiB {when}, still {committed / 1024} KiB at the deadline");
        Assert.True(anon <= anonFrom - 2 * MiB, $"RssAnon {anonFrom / 1024} KiB {when}, still {anon / 1024} KiB at the deadline");
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
