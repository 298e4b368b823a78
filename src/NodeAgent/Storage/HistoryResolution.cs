namespace NodeAgent.Storage;

/// <summary>The two grains of resource history: fine for the last day, coarse for the last month.</summary>
internal sealed record HistoryResolution(string Name, string Collection, int BucketSeconds, TimeSpan Retention)
{
    public static readonly HistoryResolution Fine = new("1m", "history_1m", 60, TimeSpan.FromDays(1));
    public static readonly HistoryResolution Coarse = new("15m", "history_15m", 900, TimeSpan.FromDays(30));

    public long BucketOf(long unixSeconds) => unixSeconds - (unixSeconds % BucketSeconds);
}
