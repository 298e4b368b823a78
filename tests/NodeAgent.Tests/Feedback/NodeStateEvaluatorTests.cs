using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class NodeStateEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly NodeConditions Calm = new() { NetworkUp = true, DiscoveryConfigured = true, DiscoveryConnected = true };

    /// <summary>Conditions under which <paramref name="state"/> applies, added to <paramref name="c"/>.</summary>
    private static NodeConditions With(NodeConditions c, NodeState state) => state switch
    {
        NodeState.FactoryResetCountdown => c with { ResetCountdownSeconds = 4 },
        NodeState.Identify => c with { IdentifyUntil = Now.AddSeconds(30) },
        NodeState.PairingWindow => c with { PairingUntil = Now.AddMinutes(5) },
        NodeState.Updating => c with { Updating = true },
        NodeState.Critical => c with { CriticalReasons = ["disk 97 % full"] },
        NodeState.Booting => c with { Phase = StartPhase.Starting },
        NodeState.FirstBoot => c with { FirstBoot = true },
        NodeState.NoNetwork => c with { NetworkUp = false },
        NodeState.NoDiscovery => c with { DiscoveryConnected = false },
        NodeState.Degraded => c with { DegradedReasons = ["agent store unhealthy"] },
        _ => c,
    };

    [Fact]
    public void EveryCombinationOfConditionsShowsTheHighestPriorityState()
    {
        var states = Enum.GetValues<NodeState>().Where(s => s != NodeState.Healthy).ToArray();
        for (var mask = 0; mask < 1 << states.Length; mask++)
        {
            var conditions = Calm;
            var expected = NodeState.Healthy;
            for (var i = states.Length - 1; i >= 0; i--)
            {
                if ((mask & (1 << i)) != 0)
                {
                    conditions = With(conditions, states[i]);
                    expected = states[i];
                }
            }
            var verdict = NodeStateEvaluator.Evaluate(conditions, Now);
            Assert.True(expected == verdict.State, $"conditions {mask:b10}: expected {expected}, got {verdict.State}");
        }
    }

    [Fact]
    public void ThePriorityOrderIsTheDocumentedOne() =>
        Assert.Equal(
            [NodeState.FactoryResetCountdown, NodeState.Identify, NodeState.PairingWindow, NodeState.Updating, NodeState.Critical,
             NodeState.Booting, NodeState.FirstBoot, NodeState.NoNetwork, NodeState.NoDiscovery, NodeState.Degraded, NodeState.Healthy],
            Enum.GetValues<NodeState>());

    [Fact]
    public void ExpiredIdentifyAndPairingNoLongerCount()
    {
        var expired = Calm with { IdentifyUntil = Now, PairingUntil = Now.AddSeconds(-1) };
        Assert.Equal(NodeState.Healthy, NodeStateEvaluator.Evaluate(expired, Now).State);
    }

    [Fact]
    public void UnknownNetworkOrDiscoveryNeverDecides()
    {
        var unknown = new NodeConditions { NetworkUp = null, DiscoveryConfigured = true, DiscoveryConnected = null };
        Assert.Equal(new StateVerdict(NodeState.Healthy, "all checks pass"), NodeStateEvaluator.Evaluate(unknown, Now));
    }

    [Fact]
    public void ANodeOutsideACommunityIsNotMissingDiscovery()
    {
        var alone = Calm with { DiscoveryConfigured = false, DiscoveryConnected = false };
        Assert.Equal(NodeState.Healthy, NodeStateEvaluator.Evaluate(alone, Now).State);
    }

    [Fact]
    public void ReasonsSayWhy()
    {
        Assert.Equal("disk 97 % full; undervoltage: use a stronger power supply",
            NodeStateEvaluator.Evaluate(Calm with { CriticalReasons = ["disk 97 % full", "undervoltage: use a stronger power supply"] }, Now).Reason);
        Assert.Equal("factory reset in 4 s unless the button is released", NodeStateEvaluator.Evaluate(With(Calm, NodeState.FactoryResetCountdown), Now).Reason);
        Assert.Equal("identify requested, until 2026-11-26 12:00:30Z", NodeStateEvaluator.Evaluate(With(Calm, NodeState.Identify), Now).Reason);
        Assert.Equal("no network interface is up with a link", NodeStateEvaluator.Evaluate(With(Calm, NodeState.NoNetwork), Now).Reason);
    }

    [Fact]
    public void EveryStateHasAKebabCaseName() =>
        Assert.Equal(
            ["factory-reset-countdown", "identify", "pairing-window", "updating", "critical", "booting", "first-boot", "no-network", "no-discovery", "degraded", "healthy"],
            Enum.GetValues<NodeState>().Select(NodeStateNames.Of));
}
