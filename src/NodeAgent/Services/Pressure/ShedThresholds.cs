namespace NodeAgent.Services.Pressure;

/// <summary>
/// When the shedder acts. Two bands with a dead zone between them, so a node near a threshold does not stop and
/// start a service every few seconds: <b>pressure</b> (shed) and <b>calm</b> (bring back), neither in between.
/// </summary>
public sealed record ShedThresholds
{
    /// <summary>MemAvailable below this (MiB) is pressure. The fit check keeps the same floor free.</summary>
    public required int FloorMb { get; init; }

    /// <summary>MemAvailable must be this much above the floor (MiB) before anything comes back, and a shed aims for it.</summary>
    public int MarginMb { get; init; } = 32;

    /// <summary>PSI memory "some" avg10 (percent of time at least one task stalled on memory) at or above this is pressure.</summary>
    public double SomeAvg10Limit { get; init; } = 40;

    /// <summary>PSI memory "full" avg10 (percent of time every task stalled: the node is thrashing) at or above this is pressure.</summary>
    public double FullAvg10Limit { get; init; } = 10;

    /// <summary>PSI "some" avg10 must be below this (calm) before anything comes back.</summary>
    public double CalmSomeAvg10 { get; init; } = 5;

    /// <summary>PSI "full" avg10 must be below this (calm) before anything comes back.</summary>
    public double CalmFullAvg10 { get; init; } = 1;

    /// <summary>
    /// After a shed or a restore, wait this long before the next one: PSI avg10 is a 10-second average, and a stopped
    /// service's memory takes a moment to show in MemAvailable, so acting again sooner would shed one service too many.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long it must have been calm before a shed service comes back (doubled for a service that flaps).</summary>
    public TimeSpan Calm { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a flapping service's calm wait grows to.</summary>
    public TimeSpan MaxCalm { get; init; } = TimeSpan.FromMinutes(32);

    /// <summary>A service shed again within this time after it came back is flapping: its calm wait doubles.</summary>
    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Thresholds for a node, with the fit check's floor (see <see cref="Fit.FitPolicy.For"/>).</summary>
    public static ShedThresholds For(int totalRamMb) => new() { FloorMb = Fit.FitPolicy.For(totalRamMb).AvailableFloorMb };
}
