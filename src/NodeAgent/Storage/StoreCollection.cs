using LiteDB;
using LiteDB.Engine;

namespace NodeAgent.Storage;

/// <summary>
/// One collection of the store, straight on LiteDB's engine. LiteDB's <c>LiteDatabase</c>/<c>LiteCollection</c>
/// layer exists for its POCO mapper, which the agent does not use (it maps <see cref="BsonDocument"/> by hand):
/// opening through it builds the mapper anyway, and that drags the run-time regex engine into the binary.
/// Only valid inside <see cref="NodeStore.Read"/> or <see cref="NodeStore.WriteDurably"/>.
/// </summary>
internal readonly struct StoreCollection(LiteEngine engine, string name)
{
    /// <summary>The document with this <c>_id</c>, or null.</summary>
    public BsonDocument? FindById(BsonValue id)
    {
        foreach (var doc in Find(Query.EQ("_id", id), limit: 1))
        {
            return doc;
        }
        return null;
    }

    public IEnumerable<BsonDocument> FindAll() => Find(null);

    /// <summary>
    /// Documents matching <paramref name="where"/> (all when null), by <c>_id</c> ascending unless
    /// <paramref name="newestFirst"/>. Enumerate to the end (or dispose): the reader holds the collection's read lock.
    /// </summary>
    public IEnumerable<BsonDocument> Find(BsonExpression? where, int limit = int.MaxValue, bool newestFirst = false)
    {
        var query = new Query { Limit = limit };
        if (where is not null)
        {
            query.Where.Add(where);
        }
        if (newestFirst)
        {
            query.OrderBy = IdField;
            query.Order = Query.Descending;
        }
        return Read(engine, name, query);
    }

    private static readonly BsonExpression IdField = BsonExpression.Create("_id");

    private static IEnumerable<BsonDocument> Read(LiteEngine engine, string name, Query query)
    {
        using var reader = engine.Query(name, query);
        while (reader.Read())
        {
            yield return reader.Current.AsDocument;
        }
    }

    /// <summary>Inserts <paramref name="doc"/>, numbering it when it has no <c>_id</c>; returns its <c>_id</c>.</summary>
    public BsonValue Insert(BsonDocument doc)
    {
        engine.Insert(name, [doc], BsonAutoId.Int64);
        return doc["_id"];
    }

    /// <summary>Inserts or replaces by <c>_id</c>; true when it was inserted.</summary>
    public bool Upsert(BsonDocument doc) => engine.Upsert(name, [doc], BsonAutoId.Int64) > 0;

    /// <summary>Replaces the document with the same <c>_id</c>; false when there was none.</summary>
    public bool Update(BsonDocument doc) => engine.Update(name, [doc]) > 0;

    public bool Delete(BsonValue id) => engine.Delete(name, [id]) > 0;

    public int DeleteMany(BsonExpression where) => engine.DeleteMany(name, where);

    public int DeleteAll() => engine.DeleteMany(name, null);
}
