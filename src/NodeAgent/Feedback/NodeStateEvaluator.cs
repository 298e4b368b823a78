using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// Turns <see cref="NodeConditions"/> into one <see cref="NodeState"/>: the highest-priority state that
/// applies wins. The order, highest first, and why:
/// <list type="number">
/// <item>factory-reset countdown: a destructive action the owner is performing right now must be unmistakable;</item>
/// <item>identify: asked for on purpose, short-lived; whoever asked is looking at the node;</item>
/// <item>pairing window: the owner opened it with the button and is waiting for it;</item>
/// <item>updating: pulling the plug now can break the node, which outranks what it would tell otherwise;</item>
/// <item>critical: the node needs help (disk full, undervoltage, storage failing) even while booting;</item>
/// <item>booting, then first boot: nothing below is meaningful before the agent has started and set up;</item>
/// <item>no network, then no discovery: the closer to the wire the fault, the more it explains;</item>
/// <item>degraded, then healthy.</item>
/// </list>
/// </summary>
internal static class NodeStateEvaluator
{
    public static StateVerdict Evaluate(NodeConditions c, DateTimeOffset now)
    {
        if (c.ResetCountdownSeconds is { } seconds)
        {
            return new(NodeState.FactoryResetCountdown, string.Create(CultureInfo.InvariantCulture, $"factory reset in {seconds} s unless the button is released"));
        }
        if (c.IdentifyUntil is { } identify && identify > now)
        {
            return new(NodeState.Identify, $"identify requested, until {identify.ToString("u", CultureInfo.InvariantCulture)}");
        }
        if (c.PairingUntil is { } pairing && pairing > now)
        {
            return new(NodeState.PairingWindow, $"pairing window open until {pairing.ToString("u", CultureInfo.InvariantCulture)}");
        }
        if (c.Updating)
        {
            return new(NodeState.Updating, "an update is being installed; do not unplug");
        }
        if (c.CriticalReasons.Count > 0)
        {
            return new(NodeState.Critical, string.Join("; ", c.CriticalReasons));
        }
        if (c.Phase == StartPhase.Starting)
        {
            return new(NodeState.Booting, "the agent is starting");
        }
        if (c.FirstBoot)
        {
            return new(NodeState.FirstBoot, "first-boot setup is running");
        }
        if (c.NetworkUp == false)
        {
            return new(NodeState.NoNetwork, "no network interface is up with a link");
        }
        if (c.DiscoveryConfigured && c.DiscoveryConnected == false)
        {
            return new(NodeState.NoDiscovery, "not connected to the community's discovery");
        }
        if (c.DegradedReasons.Count > 0)
        {
            return new(NodeState.Degraded, string.Join("; ", c.DegradedReasons));
        }
        return new(NodeState.Healthy, "all checks pass");
    }
}
