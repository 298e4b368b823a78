using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>The agent's own health, as <c>/healthz</c> and the watchdog see it.</summary>
internal sealed class HealthMonitor(NodeStore store, ResourceMonitor resources, NodeContext node)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    public HealthReport Check()
    {
        var checks = new HealthCheck[2];
        checks[0] = store.LastWriteError is { } error
            ? new HealthCheck("store", Unhealthy, $"the last write to {store.Path} failed: {error}")
            : new HealthCheck("store", Healthy, $"{store.Writes} writes since start");
        var age = resources.SinceLastSample;
        checks[1] = age <= node.Options.SampleInterval * 3
            ? new HealthCheck("resources", Healthy, $"last sample {age.TotalSeconds:0} s ago")
            : new HealthCheck("resources", Unhealthy, $"no resource sample for {age.TotalSeconds:0} s (expected every {node.Options.SampleInterval.TotalSeconds:0} s)");
        var status = Array.TrueForAll(checks, c => c.Status == Healthy) ? Healthy : Unhealthy;
        return new HealthReport(status, checks);
    }
}
