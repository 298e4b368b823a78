namespace NodeAgent.Storage;

/// <summary>Averages of every metric over one bucket (a minute or a quarter hour) starting at <paramref name="Start"/>.</summary>
internal sealed record HistoryPoint(long Start, IReadOnlyDictionary<string, double> Values);
