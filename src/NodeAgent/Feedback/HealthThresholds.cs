using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// Which facts make the node critical or degraded. Thresholds: a data disk 95 % full is critical because
/// the store and journald start failing soon after (the most reported cause of dead nodes), 85 % degraded;
/// less than 5 % memory available is critical (the OOM killer is near), less than 15 % degraded.
/// </summary>
internal static class HealthThresholds
{
    public const double DiskCriticalPercent = 95;
    public const double DiskDegradedPercent = 85;
    public const double MemoryCriticalPercent = 5;
    public const double MemoryDegradedPercent = 15;

    public static IReadOnlyList<string> Critical(HealthFacts facts)
    {
        var reasons = new List<string>();
        if (facts.DiskUsedPercent is >= DiskCriticalPercent and var disk)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"disk {disk:0} % full"));
        }
        if (facts.Undervoltage)
        {
            reasons.Add("undervoltage: use a stronger power supply");
        }
        if (facts.StorageWear == StorageWear.Urgent)
        {
            reasons.Add("storage near end of life: replace it");
        }
        if (facts.MemoryAvailablePercent is < MemoryCriticalPercent and var memory)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"only {memory:0.#} % memory available"));
        }
        return reasons;
    }

    public static IReadOnlyList<string> Degraded(HealthFacts facts)
    {
        var reasons = new List<string>();
        if (facts.DiskUsedPercent is >= DiskDegradedPercent and < DiskCriticalPercent and var disk)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"disk {disk:0} % full"));
        }
        if (facts.StorageWear == StorageWear.Warning)
        {
            reasons.Add("storage wearing out");
        }
        if (facts.MemoryAvailablePercent is >= MemoryCriticalPercent and < MemoryDegradedPercent and var memory)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"only {memory:0.#} % memory available"));
        }
        foreach (var check in facts.UnhealthyChecks ?? [])
        {
            reasons.Add($"{check} unhealthy");
        }
        return reasons;
    }
}
