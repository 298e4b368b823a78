using System.Text.Json;
using NodeAgent.Cli;
using NodeAgent.Contracts;

namespace NodeAgent.Tests.Process;

/// <summary>
/// SIGKILL in the middle of writes, over and over: the store must always open again and keep every
/// write the agent acknowledged.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Rounds = 20;
    private static readonly Dictionary<string, string> KeepAllEvents = new() { ["NODEAGENT__EVENTS__MAX"] = "1000000" };
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KilledMidWriteTheStoreOpensAndLosesNoAcknowledgedWrite()
    {
        var random = new Random(20261126);
        var acknowledged = new List<string>();
        string? inFlight = null;
        for (var round = 0; round < Rounds; round++)
        {
            await using var agent = await AgentProcess.StartAsync(_dir, KeepAllEvents);
            await AssertEverythingAcknowledgedIsThereAsync(agent, acknowledged, inFlight);

            using var client = agent.Client();
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"r{round}-w{i}";
                    Volatile.Write(ref inFlight, name);
                    try
                    {
                        await client.PutAsync("api/v1/settings", new SettingsUpdate(name, null),
                            AgentJsonContext.Default.SettingsUpdate, AgentJsonContext.Default.NodeSettings, CancellationToken.None);
                    }
                    catch (Exception e) when (e is AgentClientException or HttpRequestException or IOException)
                    {
                        return; // the agent is gone: this write was never acknowledged
                    }
                    lock (acknowledged)
                    {
                        acknowledged.Add(name);
                    }
                }
            });
            await Task.Delay(random.Next(50, 400));
            await agent.KillAsync();
            await stop.CancelAsync();
            await writer;
        }
        Assert.True(acknowledged.Count > Rounds * 5, $"only {acknowledged.Count} writes were acknowledged: the test did not exercise the store");
        await using var last = await AgentProcess.StartAsync(_dir, KeepAllEvents);
        await AssertEverythingAcknowledgedIsThereAsync(last, acknowledged, inFlight);
    }

    private static async Task AssertEverythingAcknowledgedIsThereAsync(AgentProcess agent, List<string> acknowledged, string? inFlight)
    {
        if (acknowledged.Count == 0)
        {
            return;
        }
        using var settings = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/settings"));
        var name = settings.RootElement.GetProperty("name").GetString();
        // The write in flight at the kill may or may not have landed; nothing older may be lost.
        Assert.True(name == acknowledged[^1] || name == inFlight, $"saved name is {name}; last acknowledged {acknowledged[^1]}, in flight {inFlight}");

        var messages = new HashSet<string>(StringComparer.Ordinal);
        long? before = null;
        while (true)
        {
            var page = JsonDocument.Parse(await agent.Http.GetStringAsync($"api/v1/events?limit=1000{(before is null ? "" : $"&before={before}")}")).RootElement;
            if (page.GetArrayLength() == 0)
            {
                break;
            }
            foreach (var e in page.EnumerateArray())
            {
                messages.Add(e.GetProperty("message").GetString()!);
                before = e.GetProperty("id").GetInt64();
            }
        }
        var missing = acknowledged.Where(n => !messages.Any(m => m.EndsWith($"→ '{n}'", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but lost: {string.Join(", ", missing.Take(10))}");
    }
}
