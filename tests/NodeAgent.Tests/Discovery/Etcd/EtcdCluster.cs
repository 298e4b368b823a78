namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>A real etcd cluster of N members on loopback (healthy ≈1-3 s after start), removed with its data on dispose.</summary>
internal sealed class EtcdCluster : IAsyncDisposable
{
    private EtcdCluster(IReadOnlyList<EtcdProcess> members) => Members = members;

    public IReadOnlyList<EtcdProcess> Members { get; }

    public IReadOnlyList<string> ClientUrls => [.. Members.Select(m => m.ClientUrl)];

    /// <remarks>A member whose probed port was taken in between fails the whole start, which is retried on fresh ports.</remarks>
    public static async Task<EtcdCluster> StartAsync(int size)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = EtcdProcess.FreePorts(size);
            var initial = string.Join(',', ports.Select((p, i) => $"s{i}=http://127.0.0.1:{p.Peer}"));
            var token = $"t-{Guid.NewGuid():N}";
            var cluster = new EtcdCluster([.. ports.Select((p, i) => EtcdProcess.Start($"s{i}", p.Client, p.Peer, initial, token))]);
            try
            {
                await Task.WhenAll(cluster.Members.Select(m => m.WaitHealthyAsync(TimeSpan.FromSeconds(30))));
                return cluster;
            }
            catch (Exception e) when (attempt < 4 && cluster.Members.Any(m => EtcdProcess.IsPortTaken(e, m)))
            {
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The member that leads now (asked of each member in turn).</summary>
    public async Task<EtcdProcess> LeaderAsync()
    {
        using var probe = new NodeAgent.Discovery.Etcd.EtcdClient(ClientUrls);
        for (var i = 0; i < Members.Count; i++)
        {
            if (!Members[i].HasExited && (await probe.StatusAsync(i)).IsLeader)
            {
                return Members[i];
            }
        }
        throw new InvalidOperationException("no member leads");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }
    }
}
