namespace NodeAgent.Feedback;

/// <summary>
/// What the node's light says. Listed from the highest priority to the lowest: when several apply, the
/// first wins (<see cref="NodeStateEvaluator"/> says why each sits where it does).
/// </summary>
public enum NodeState
{
    /// <summary>The button has been held past the reset threshold: releasing now cancels.</summary>
    FactoryResetCountdown,

    /// <summary>Someone asked the node to show itself (API, CLI, button or another node).</summary>
    Identify,

    /// <summary>The pairing window for the web UI is open.</summary>
    PairingWindow,

    /// <summary>An update is being installed: do not unplug.</summary>
    Updating,

    /// <summary>Disk full, undervoltage, storage failing: the node needs its owner.</summary>
    Critical,

    /// <summary>The agent is starting.</summary>
    Booting,

    /// <summary>First-boot setup is still running.</summary>
    FirstBoot,

    /// <summary>No usable network interface.</summary>
    NoNetwork,

    /// <summary>Networked, but not connected to the community's discovery.</summary>
    NoDiscovery,

    /// <summary>Running, but something is unhealthy, shed, or short of resources.</summary>
    Degraded,

    /// <summary>All is well.</summary>
    Healthy,
}
