namespace NodeAgent.Discovery;

/// <summary>
/// One discovery backend as it runs: the hosted parts started and stopped together (Avahi has a publisher and a
/// browser), what it shows search (if it reads the cloud), its status, and how its picture of the cloud is
/// forgotten when it is turned off, so followers of the change stream see its nodes go.
/// </summary>
internal sealed class BackendInstance(
    string kind, IReadOnlyList<IHostedService> parts, IDiscoveryBackend? reader, DiscoveryStatus status, Action forget)
{
    /// <summary><c>serf</c>, <c>etcd</c> or <c>avahi</c>.</summary>
    public string Kind => kind;

    /// <summary>What search and the statistics read from it; null for a backend that only announces.</summary>
    public IDiscoveryBackend? Reader => reader;

    public DiscoveryStatus Status => status;

    public IReadOnlyList<IHostedService> Parts => parts;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            await part.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops every part (each withdraws what it published: Serf tags, the etcd lease, the Avahi files) within
    /// <paramref name="cancellationToken"/>'s time, then forgets what it knew of the cloud.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            await parts[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }
        forget();
        foreach (var part in parts)
        {
            (part as IDisposable)?.Dispose();
        }
    }
}
