using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class HealthThresholdsTests
{
    [Theory]
    [InlineData(84.9, "", "")]
    [InlineData(85, "", "disk 85 % full")]
    [InlineData(94.9, "", "disk 95 % full")]
    [InlineData(95, "disk 95 % full", "")]
    [InlineData(100, "disk 100 % full", "")]
    public void DiskIsDegradedFrom85AndCriticalFrom95Percent(double used, string critical, string degraded)
    {
        var facts = new HealthFacts(DiskUsedPercent: used);
        Assert.Equal(critical, string.Join("; ", HealthThresholds.Critical(facts)));
        Assert.Equal(degraded, string.Join("; ", HealthThresholds.Degraded(facts)));
    }

    [Theory]
    [InlineData(4.9, "only 4.9 % memory available", "")]
    [InlineData(5, "", "only 5 % memory available")]
    [InlineData(14.9, "", "only 14.9 % memory available")]
    [InlineData(15, "", "")]
    public void MemoryIsDegradedBelow15AndCriticalBelow5Percent(double available, string critical, string degraded)
    {
        var facts = new HealthFacts(MemoryAvailablePercent: available);
        Assert.Equal(critical, string.Join("; ", HealthThresholds.Critical(facts)));
        Assert.Equal(degraded, string.Join("; ", HealthThresholds.Degraded(facts)));
    }

    [Fact]
    public void UndervoltageAndUrgentWearAreCriticalWarningWearAndFailingChecksDegraded()
    {
        Assert.Equal(["undervoltage: use a stronger power supply", "storage near end of life: replace it"],
            HealthThresholds.Critical(new HealthFacts(Undervoltage: true, StorageWear: StorageWear.Urgent)));
        Assert.Equal(["storage wearing out", "agent store unhealthy", "syncthing unhealthy"],
            HealthThresholds.Degraded(new HealthFacts(StorageWear: StorageWear.Warning, UnhealthyChecks: ["agent store", "syncthing"])));
    }

    [Fact]
    public void NothingMeasuredIsNothingWrong()
    {
        Assert.Empty(HealthThresholds.Critical(new HealthFacts()));
        Assert.Empty(HealthThresholds.Degraded(new HealthFacts()));
    }
}
