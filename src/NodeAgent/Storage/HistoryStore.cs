using System.Collections.Frozen;
using LiteDB;
using NodeAgent.Resources;

namespace NodeAgent.Storage;

/// <summary>
/// Resource history on flash: one document per bucket, keyed by the bucket's start (unix seconds),
/// so range queries and pruning are range scans of the primary key.
/// </summary>
internal sealed class HistoryStore(NodeStore store)
{
    // BSON field names: LiteDB path expressions treat '.' as a separator, so "cpu.usage" is stored as "cpu_usage".
    private static readonly FrozenDictionary<string, string> FieldOf =
        ResourceMetrics.Keys.ToFrozenDictionary(k => k, k => k.Replace('.', '_'), StringComparer.Ordinal);

    /// <summary>The BSON field of a metric; null for a key the history does not keep. Service ids hold only [a-z0-9-], so mapping '-' too keeps fields distinct.</summary>
    private static string? FieldFor(string key) =>
        FieldOf.TryGetValue(key, out var field) ? field
        : ResourceMetrics.IsServiceMetric(key) ? key.Replace('.', '_').Replace('-', '_')
        : null;

    /// <summary>Writes the buckets (replacing any with the same start) and drops what is past retention, in one durable write.</summary>
    public void Append(IReadOnlyList<HistoryPoint> fine, IReadOnlyList<HistoryPoint> coarse, long nowUnixSeconds)
    {
        store.WriteDurably(s =>
        {
            Write(s, HistoryResolution.Fine, fine, nowUnixSeconds);
            Write(s, HistoryResolution.Coarse, coarse, nowUnixSeconds);
            return 0;
        });
    }

    private static void Write(NodeStore s, HistoryResolution resolution, IReadOnlyList<HistoryPoint> points, long now)
    {
        var collection = s.Collection(resolution.Collection);
        foreach (var point in points)
        {
            var doc = new BsonDocument { ["_id"] = point.Start };
            foreach (var (key, value) in point.Values)
            {
                if (FieldFor(key) is { } field)
                {
                    doc[field] = value;
                }
            }
            collection.Upsert(doc);
        }
        collection.DeleteMany(Query.LT("_id", now - (long)resolution.Retention.TotalSeconds));
    }

    /// <summary>Stored points of one metric from <paramref name="sinceUnixSeconds"/> on, oldest first.</summary>
    public void Read(HistoryResolution resolution, string metric, long sinceUnixSeconds, List<(long Time, double Value)> into)
    {
        var field = FieldFor(metric) ?? throw new ArgumentException($"'{metric}' is not a history metric", nameof(metric));
        store.Read(s =>
        {
            foreach (var doc in s.Collection(resolution.Collection).Find(Query.GTE("_id", sinceUnixSeconds)))
            {
                if (doc.TryGetValue(field, out var v) && v.IsNumber)
                {
                    into.Add((doc["_id"].AsInt64, v.AsDouble));
                }
            }
            return into.Count;
        });
    }
}
