namespace NodeAgent.Discovery;

/// <summary>
/// What the button and the LEDs need of the Serf backend: announcing this node again, and hearing that another node
/// asked it to identify itself. <see cref="DiscoveryService"/> is one; <see cref="DiscoveryBackends"/> forwards to
/// whichever runs now (nothing happens while Serf is off).
/// </summary>
internal interface ISerfPresence
{
    /// <summary>Raised when another node of the cloud asks this one to show itself.</summary>
    event Action? IdentifyAsked;

    /// <summary>Tells the cloud this node's records again, so that others fetch them now.</summary>
    void Reannounce();
}
