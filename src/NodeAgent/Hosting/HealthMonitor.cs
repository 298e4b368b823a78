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
        var checks = new List<HealthCheck>(5)
        {
            store.LastWriteError is { } error
                ? new HealthCheck("store", Unhealthy, $"the last write to {store.Path} failed: {error}")
                : new HealthCheck("store", Healthy, $"{store.Writes} writes since start"),
        };
        var age = resources.SinceLastSample;
        checks.Add(age <= node.Options.SampleInterval * 3
            ? new HealthCheck("resources", Healthy, $"last sample {age.TotalSeconds:0} s ago")
            : new HealthCheck("resources", Unhealthy, $"no resource sample for {age.TotalSeconds:0} s (expected every {node.Options.SampleInterval.TotalSeconds:0} s)"));
        foreach (var contributor in contributors)
        {
            contributor.AddChecks(checks);
        }
        var status = checks.Exists(c => c.Status == Unhealthy) ? Unhealthy : Healthy;
        return new HealthReport(status, checks);
    }
}
