using NodeAgent.Hosting;

namespace NodeAgent.Feedback;

/// <summary>
/// The conditions the agent can tell today: its start phase, its own health checks, the network link and
/// whether it has joined a community. Resource facts (disk, undervoltage, storage wear) come from
/// <paramref name="facts"/>, which the resources area provides; discovery is left unknown until it reports.
/// </summary>
internal sealed class AgentConditions(
    HealthMonitor health,
    NodeContext node,
    IHostApplicationLifetime lifetime,
    NetworkPresence network,
    Func<HealthFacts> facts) : INodeConditionsSource
{
    public NodeConditions Current()
    {
        var report = health.Check();
        var unhealthy = report.Checks.Where(c => c.Status == HealthMonitor.Unhealthy).Select(c => $"agent {c.Name}").ToList();
        // Discovery's checks exist only for enabled backends ("discovery" is Serf's, "discovery.etcd" etcd's); the node
        // is connected while any backend is healthy ("down" and "degraded" are not connected). Avahi only announces on
        // the LAN: it does not make the node part of the community cloud, so it does not count.
        var discovery = report.Checks.Where(c => (c.Name == "discovery" || c.Name.StartsWith("discovery.", StringComparison.Ordinal)) && c.Name != AvahiCheck).ToList();
        var measured = facts();
        measured = measured with { UnhealthyChecks = [.. measured.UnhealthyChecks ?? [], .. unhealthy] };
        return new NodeConditions
        {
            Phase = lifetime.ApplicationStarted.IsCancellationRequested ? StartPhase.Running : StartPhase.Starting,
            NetworkUp = network.IsUp(),
            DiscoveryConfigured = node.Settings.Community.Length > 0,
            DiscoveryConnected = discovery.Count == 0 ? null : discovery.Exists(c => c.Status == HealthMonitor.Healthy),
            CriticalReasons = HealthThresholds.Critical(measured),
            DegradedReasons = HealthThresholds.Degraded(measured),
        };
    }

    public bool? NetworkUp() => network.IsUp();

    public IDisposable? WatchLink(Action changed) => NetworkPresence.Watch(changed);

    private const string AvahiCheck = "discovery.avahi";
}
