using LiteDB;
using NodeAgent.Contracts;

namespace NodeAgent.Storage;

/// <summary>
/// The node's bounded event log: what happened, newest last. Appends are durable (an event the API
/// has shown must survive a power cut); once past the bound, the oldest events are dropped.
/// </summary>
internal sealed partial class EventLog(NodeStore store, TimeProvider time, int maxEvents)
{
    private const string Collection = "events";
    private long _appended;

    /// <summary>Events appended since start.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>Appends an event on its own.</summary>
    public AgentEvent Append(string kind, EventSeverity severity, string message) =>
        store.WriteDurably(s => AppendWithin(s, kind, severity, message));

    /// <summary>
    /// Appends an event where a refused write must not stop the caller (a full disk must not stop discovery, service
    /// management or the agent's start): the refusal is logged under the caller's logger and /healthz reports the store.
    /// </summary>
    public void TryAppend(string kind, EventSeverity severity, string message, ILogger logger)
    {
        try
        {
            Append(kind, severity, message);
        }
        catch (StoreException e)
        {
            NotRecorded(logger, kind, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "event {Kind} not recorded: {Reason}")]
    private static partial void NotRecorded(ILogger logger, string kind, string reason);

    /// <summary>Appends an event inside a write the caller already holds, so it lands with that change or not at all.</summary>
    public AgentEvent AppendWithin(NodeStore s, string kind, EventSeverity severity, string message)
    {
        var now = time.GetUtcNow();
        var events = s.Collection(Collection);
        var id = events.Insert(new BsonDocument
        {
            ["t"] = now.UtcDateTime,
            ["kind"] = kind,
            ["sev"] = (int)severity,
            ["msg"] = message,
        }).AsInt64;
        // Ids are consecutive, so "keep the newest N" is one range delete on the primary key.
        if (id > maxEvents)
        {
            events.DeleteMany(Query.LTE("_id", id - maxEvents));
        }
        Interlocked.Increment(ref _appended);
        return new AgentEvent(id, now, kind, severity, message);
    }

    /// <summary>Newest first, at most <paramref name="limit"/>, optionally only those older than <paramref name="beforeId"/>.</summary>
    public IReadOnlyList<AgentEvent> List(int limit, long? beforeId) => store.Read(s => ListIn(s, limit, beforeId));

    private static List<AgentEvent> ListIn(NodeStore store, int limit, long? beforeId)
    {
        var older = beforeId is { } before ? Query.LT("_id", before) : null;
        var result = new List<AgentEvent>(Math.Min(limit, 256));
        foreach (var doc in store.Collection(Collection).Find(older, limit, newestFirst: true))
        {
            result.Add(new AgentEvent(
                doc["_id"].AsInt64,
                new DateTimeOffset(doc["t"].AsDateTime.ToUniversalTime()),
                doc["kind"].AsString,
                (EventSeverity)doc["sev"].AsInt32,
                doc["msg"].AsString));
        }
        return result;
    }
}
