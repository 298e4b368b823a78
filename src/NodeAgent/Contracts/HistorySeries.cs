namespace NodeAgent.Contracts;

/// <summary><c>GET /api/v1/resources/history</c>: one metric over time.</summary>
/// <param name="Metric">Metric key, e.g. <c>cpu.usage</c>.</param>
/// <param name="Resolution"><c>1m</c> (last day) or <c>15m</c> (last month).</param>
/// <param name="Since">Start of the window asked for.</param>
/// <param name="Points">Bucket averages, oldest first.</param>
public sealed record HistorySeries(string Metric, string Resolution, DateTimeOffset Since, IReadOnlyList<HistorySample> Points);

/// <summary>A bucket's average.</summary>
/// <param name="T">Bucket start, unix seconds.</param>
/// <param name="V">Average value over the bucket.</param>
public sealed record HistorySample(long T, double V);
