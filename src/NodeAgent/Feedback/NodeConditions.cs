namespace NodeAgent.Feedback;

/// <summary>
/// Everything the agent knows that the light may show. Built fresh each evaluation; values that an area
/// does not provide yet are null and then never decide the state.
/// </summary>
internal sealed record NodeConditions
{
    public StartPhase Phase { get; init; } = StartPhase.Running;

    /// <summary>First-boot setup is still running.</summary>
    public bool FirstBoot { get; init; }

    /// <summary>A non-loopback interface is up with a carrier; null when unknown.</summary>
    public bool? NetworkUp { get; init; }

    /// <summary>The node has joined a community, so discovery is expected.</summary>
    public bool DiscoveryConfigured { get; init; }

    /// <summary>Connected to the community's discovery; null until the discovery area reports.</summary>
    public bool? DiscoveryConnected { get; init; }

    /// <summary>Why the node needs its owner now (disk ≥ 95 % full, undervoltage, storage end of life).</summary>
    public IReadOnlyList<string> CriticalReasons { get; init; } = [];

    /// <summary>Why the node is degraded (a check unhealthy, a service shed, resources short).</summary>
    public IReadOnlyList<string> DegradedReasons { get; init; } = [];

    public DateTimeOffset? IdentifyUntil { get; init; }

    public DateTimeOffset? PairingUntil { get; init; }

    /// <summary>Seconds left before a factory reset; null when no countdown runs.</summary>
    public int? ResetCountdownSeconds { get; init; }

    public bool Updating { get; init; }
}
