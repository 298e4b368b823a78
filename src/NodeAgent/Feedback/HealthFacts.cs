namespace NodeAgent.Feedback;

/// <summary>Measured facts that make a node degraded or critical; null where not measured.</summary>
/// <param name="DiskUsedPercent">Use of the fullest data file system.</param>
/// <param name="Undervoltage">The firmware reports undervoltage now.</param>
/// <param name="StorageWear">Wear of the boot storage (eMMC/SD pre-EOL information).</param>
/// <param name="MemoryAvailablePercent">MemAvailable as a share of MemTotal.</param>
/// <param name="UnhealthyChecks">Names of the agent's own failing health checks and unhealthy or shed services.</param>
internal sealed record HealthFacts(
    double? DiskUsedPercent = null,
    bool Undervoltage = false,
    StorageWear StorageWear = StorageWear.Normal,
    double? MemoryAvailablePercent = null,
    IReadOnlyList<string>? UnhealthyChecks = null);
