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
                if (FieldOf.TryGetValue(key, out var field))
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
        var field = FieldOf[metric];
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
