namespace NodeAgent.Feedback;

/// <summary>Kebab-case names of the states, as the API and the README use them.</summary>
internal static class NodeStateNames
{
    public static string Of(NodeState state) => state switch
    {
        NodeState.FactoryResetCountdown => "factory-reset-countdown",
        NodeState.Identify => "identify",
        NodeState.PairingWindow => "pairing-window",
        NodeState.Updating => "updating",
        NodeState.Critical => "critical",
        NodeState.Booting => "booting",
        NodeState.FirstBoot => "first-boot",
        NodeState.NoNetwork => "no-network",
        NodeState.NoDiscovery => "no-discovery",
        NodeState.Degraded => "degraded",
        NodeState.Healthy => "healthy",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unnamed state"),
    };
}
