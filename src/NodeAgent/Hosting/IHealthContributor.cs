using NodeAgent.Contracts;

namespace NodeAgent.Hosting;

/// <summary>
/// An area that adds its own check to <c>/healthz</c>. A check reported as anything but
/// <see cref="HealthMonitor.Unhealthy"/> (e.g. discovery "down") is shown without making the node unhealthy.
/// </summary>
internal interface IHealthContributor
{
    /// <summary>Adds the area's checks as they stand now (none when the area is off).</summary>
    void AddChecks(List<HealthCheck> checks);
}
