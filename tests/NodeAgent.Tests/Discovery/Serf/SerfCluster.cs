using System.Diagnostics;
using System.Security.Cryptography;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// Real Serf agents joined into one cluster on loopback: agent 0 starts first, the others join it.
/// Ready when agent 0 sees every agent alive.
/// </summary>
internal sealed class SerfCluster : IAsyncDisposable
{
    private readonly List<SerfAgentProcess> _agents = [];
    private string? _keyFile;

    public IReadOnlyList<SerfAgentProcess> Agents => _agents;

    public SerfAgentProcess this[int index] => _agents[index];

    /// <summary>Starts <paramref name="count"/> agents named <c>{prefix}-0..</c>, each tagged <c>role=node{i}</c>.</summary>
    /// <param name="isolated">
    /// Gossip with a key of this cluster's own, so that no agent of another test can join it. Loopback addresses and
    /// ports come round again during a run, and agents reconnect to failed members for hours: without a key, a cluster
    /// of another test can find this one through a reused address and merge into it.
    /// </param>
    public static async Task<SerfCluster> StartAsync(int count, string prefix, TimeSpan? timeout = null, int parallelism = 8, bool isolated = false)
    {
        var cluster = new SerfCluster();
        string? config = null;
        if (isolated)
        {
            config = Path.Join(Directory.CreateTempSubdirectory("nodeagent-serf-key-").FullName, "key.json");
            File.WriteAllText(config, $$"""{ "encrypt_key": "{{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}}" }""");
            cluster._keyFile = config;
        }

        try
        {
            var first = await SerfAgentProcess.StartAsync($"{prefix}-0", tags: Tags(0), configFile: config).ConfigureAwait(false);
            cluster._agents.Add(first);
            using var gate = new SemaphoreSlim(parallelism);
            var rest = Enumerable.Range(1, count - 1).Select(async i =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    return await SerfAgentProcess.StartAsync($"{prefix}-{i}", join: first.GossipAddress, tags: Tags(i), configFile: config).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            try
            {
                await Task.WhenAll(rest).ConfigureAwait(false);
            }
            finally
            {
                // Every agent that did start is kept, so that DisposeAsync stops it even when another failed.
                cluster._agents.AddRange(rest.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            // Generous: on a loaded 2-core CI machine memberlist suspects starved agents and they take a while to refute.
            await cluster.WaitAllAliveAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static Dictionary<string, string> Tags(int i) => new() { ["role"] = $"node{i}" };

    public Task<SerfRpcClient> ConnectAsync(int index, SerfClientOptions? options = null) =>
        SerfRpcClient.ConnectAsync(_agents[index].RpcEndpoint, options: options);

    /// <summary>
    /// Waits until every agent sees every agent alive (small clusters, whose tests ask any agent), or only
    /// agent 0 does (large ones, where the scale test measures exactly that).
    /// </summary>
    public async Task WaitAllAliveAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var observers = _agents.Count <= 10 ? _agents.Count : 1;
        for (var i = 0; i < observers; i++)
        {
            await WaitAllAliveAsync(i, timeout - clock.Elapsed).ConfigureAwait(false);
        }
    }

    private async Task WaitAllAliveAsync(int observer, TimeSpan timeout)
    {
        await using var client = await ConnectAsync(observer).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var alive = 0;
        var others = "";
        while (clock.Elapsed < timeout)
        {
            var members = await client.MembersAsync().ConfigureAwait(false);
            alive = members.Count(m => m.Status == SerfMemberStatus.Alive);
            if (alive == _agents.Count)
            {
                return;
            }
            others = string.Join(", ", members.Where(m => m.Status != SerfMemberStatus.Alive).Select(m => $"{m.Name} {m.Status}"));
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException($"{_agents[observer].Name} sees only {alive} of {_agents.Count} Serf agents alive after {timeout.TotalSeconds:F1} s (not alive: {others})");
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_agents.Select(a => a.DisposeAsync().AsTask())).ConfigureAwait(false);
        _agents.Clear();
        if (_keyFile is not null)
        {
            Directory.Delete(Path.GetDirectoryName(_keyFile)!, recursive: true);
            _keyFile = null;
        }
    }
}
