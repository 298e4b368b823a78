namespace NodeAgent.Services.Catalogue;

/// <summary>
/// How the agent checks that a running service works. Targets are on this node only (loopback), and a
/// command runs without a shell, as the agent's own unprivileged user.
/// </summary>
public sealed record HealthProbe
{
    /// <summary>Which check.</summary>
    public required HealthProbeKind Kind { get; init; }

    /// <summary>http: the URL to GET (http on 127.0.0.1, ::1 or localhost).</summary>
    public string? Url { get; init; }

    /// <summary>http: the status that means healthy; null: any 2xx.</summary>
    public int? ExpectStatus { get; init; }

    /// <summary>tcp: the loopback port that must accept a connection.</summary>
    public int? Port { get; init; }

    /// <summary>command: program (absolute path) and arguments; exit status 0 means healthy.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Time between checks.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>A check not answered within this counts as failed.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>After a start, failures during this time do not count (the service is starting).</summary>
    public TimeSpan Grace { get; init; }

    /// <summary>Consecutive failed checks before the service is unhealthy.</summary>
    public int Failures { get; init; } = 3;
}

/// <summary>The kind of <see cref="HealthProbe"/>.</summary>
public enum HealthProbeKind
{
    /// <summary>GET a URL.</summary>
    Http,

    /// <summary>Connect to a port.</summary>
    Tcp,

    /// <summary>Run a program.</summary>
    Command,
}
