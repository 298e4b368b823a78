namespace NodeAgent.Discovery.Etcd;

/// <summary>Timeouts and limits of an <see cref="EtcdClient"/>; every answer read is bounded by these.</summary>
internal sealed record EtcdClientOptions
{
    /// <summary>How long connecting to one member may take before the next is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one call to one member may take before the next member is tried (a watch: until it is created).
    /// Above etcd's own 5 s request timeout plus an election, so a slow answer is not mistaken for a dead member.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Largest answer accepted (a range of every record of a big cloud).</summary>
    public int MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest watch line accepted: one line carries every event of a revision, so a big transaction.</summary>
    public int MaxWatchLineBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The defaults.</summary>
    public static EtcdClientOptions Default { get; } = new();
}
