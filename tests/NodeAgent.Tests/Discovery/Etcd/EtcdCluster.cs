namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>A real etcd cluster of N members on loopback (healthy ≈1-3 s after start), removed with its data on dispose.</summary>
internal sealed class EtcdCluster : IAsyncDisposable
{
    private EtcdCluster(IReadOnlyList<EtcdProcess> members) => Members = members;

    public IReadOnlyList<EtcdProcess> Members { get; }

    public IReadOnlyList<string> ClientUrls => [.. Members.Select(m => m.ClientUrl)];

    public static async Task<EtcdCluster> StartAsync(int size)
    {
        var ports = EtcdProcess.FreePorts(size);
        var initial = string.Join(',', ports.Select((p, i) => $"s{i}=http://127.0.0.1:{p.Peer}"));
        var token = $"t-{Guid.NewGuid():N}";
        var cluster = new EtcdCluster([.. ports.Select((p, i) => EtcdProcess.Start($"s{i}", p.Client, p.Peer, initial, token))]);
        try
        {
            await Task.WhenAll(cluster.Members.Select(m => m.WaitHealthyAsync(TimeSpan.FromSeconds(30))));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }
    }
}
