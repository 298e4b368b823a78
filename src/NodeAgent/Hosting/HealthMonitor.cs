using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>The agent's own health, as <c>/healthz</c> and the watchdog see it.</summary>
/// <remarks>
/// Areas add their own checks through <see cref="IHealthContributor"/>. Only an <see cref="Unhealthy"/> check makes
/// the node unhealthy; others (discovery "down", "degraded") are reported for the owner to see.
/// </remarks>
internal sealed class HealthMonitor(NodeStore store, ResourceMonitor resources, NodeContext node, IEnumerable<IHealthContributor> contributors)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    public HealthReport Check()
    {
        var extra = contributors as IReadOnlyCollection<IHealthContributor> ?? [.. contributors];
        var checks = new HealthCheck[2 + extra.Count];
        checks[0] = store.LastWriteError is { } error
            ? new HealthCheck("store", Unhealthy, $"the last write to {store.Path} failed: {error}")
            : new HealthCheck("store", Healthy, $"{store.Writes} writes since start");
        var age = resources.SinceLastSample;
        checks[1] = age <= node.Options.SampleInterval * 3
            ? new HealthCheck("resources", Healthy, $"last sample {age.TotalSeconds:0} s ago")
            : new HealthCheck("resources", Unhealthy, $"no resource sample for {age.TotalSeconds:0} s (expected every {node.Options.SampleInterval.TotalSeconds:0} s)");
        var i = 2;
        foreach (var contributor in extra)
        {
            checks[i++] = contributor.Check();
        }
        var status = Array.Exists(checks, c => c.Status == Unhealthy) ? Unhealthy : Healthy;
        return new HealthReport(status, checks);
    }
}
