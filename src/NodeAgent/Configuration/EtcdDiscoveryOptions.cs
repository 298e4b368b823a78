namespace NodeAgent.Configuration;

/// <summary><c>Discovery:Etcd:*</c>: whether and where the agent publishes to and reads from an etcd cluster.</summary>
internal sealed record EtcdDiscoveryOptions
{
    /// <summary>The default key prefix: every NodeAgent record lives under it (see README, "Discovery (etcd)").</summary>
    public const string DefaultPrefix = "/nodeagent/v1/";

    /// <summary>Shortest lease TTL accepted: below it a keepalive every TTL/3 is busier than it is worth.</summary>
    public const int MinTtlSeconds = 3;

    /// <summary>Longest lease TTL accepted: a dead node's records would linger longer than a search user waits.</summary>
    public const int MaxTtlSeconds = 300;

    /// <summary>Publish and search through etcd (off unless configured: there is no etcd by default).</summary>
    public bool Enabled { get; init; }

    /// <summary>The members' client URLs, <c>http://HOST:PORT</c> (etcd's --advertise-client-urls).</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Key prefix, starting and ending with '/'.</summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>The lease TTL: how long a dead node's records outlive it.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(10);
}
