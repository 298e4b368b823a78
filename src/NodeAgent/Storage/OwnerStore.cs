using LiteDB;
using NodeAgent.Contracts;

namespace NodeAgent.Storage;

/// <summary>
/// The owner on flash: the password hash (one document) and the sessions (SHA-256 of the token as id, never the
/// token). Every change is one durable write together with its event, so a power cut leaves both or neither.
/// </summary>
internal sealed class OwnerStore(NodeStore store, EventLog events)
{
    private const string OwnerCollection = "owner";
    private const string OwnerId = "owner";
    private const string SessionCollection = "sessions";

    /// <summary>The stored password hash; null while the node has no owner.</summary>
    public string? ReadPasswordHash() => store.Read(s =>
        s.Collection(OwnerCollection).FindById(OwnerId) is { } doc && doc.TryGetValue("hash", out var h) && h.IsString ? h.AsString : null);

    public List<StoredSession> ReadSessions() => store.Read(s =>
    {
        var sessions = new List<StoredSession>();
        foreach (var doc in s.Collection(SessionCollection).FindAll())
        {
            sessions.Add(new StoredSession(
                doc["_id"].AsString, doc["csrf"].AsString, Utc(doc["created"]), Utc(doc["lastUsed"]), doc["device"].AsString));
        }
        return sessions;
    });

    /// <summary>
    /// Adds a session, dropping <paramref name="evicted"/> ones and setting the password when one is given (first pairing),
    /// with its event, in one durable write.
    /// </summary>
    public void AddSession(StoredSession session, IEnumerable<string> evicted, string? passwordHash, string eventKind, string eventMessage) =>
        store.WriteDurably(s =>
        {
            if (passwordHash is not null)
            {
                WritePassword(s, passwordHash);
            }
            var sessions = s.Collection(SessionCollection);
            foreach (var id in evicted)
            {
                sessions.Delete(id);
            }
            sessions.Upsert(ToDocument(session));
            events.AppendWithin(s, eventKind, EventSeverity.Info, eventMessage);
            return 0;
        });

    /// <summary>Replaces the password and drops every session but <paramref name="keep"/>, with its event.</summary>
    public void ChangePassword(string passwordHash, string keep, string eventMessage) => store.WriteDurably(s =>
    {
        WritePassword(s, passwordHash);
        s.Collection(SessionCollection).DeleteMany(Query.Not("_id", keep));
        events.AppendWithin(s, "auth.password.changed", EventSeverity.Info, eventMessage);
        return 0;
    });

    /// <summary>Records when a session was last used (rarely: see the caller).</summary>
    public void Touch(string id, DateTimeOffset lastUsed) => store.WriteDurably(s =>
    {
        var sessions = s.Collection(SessionCollection);
        if (sessions.FindById(id) is { } doc)
        {
            doc["lastUsed"] = lastUsed.UtcDateTime;
            sessions.Update(doc);
        }
        return 0;
    });

    /// <summary>Deletes sessions (logout, expiry), with an event when <paramref name="eventKind"/> is given.</summary>
    public void DeleteSessions(IEnumerable<string> ids, string? eventKind = null, string? eventMessage = null) => store.WriteDurably(s =>
    {
        var sessions = s.Collection(SessionCollection);
        foreach (var id in ids)
        {
            sessions.Delete(id);
        }
        if (eventKind is not null)
        {
            events.AppendWithin(s, eventKind, EventSeverity.Info, eventMessage ?? eventKind);
        }
        return 0;
    });

    /// <summary>Factory reset: no owner, no sessions; the next device pairs as the first owner.</summary>
    public void Forget(string why) => store.WriteDurably(s =>
    {
        s.Collection(OwnerCollection).Delete(OwnerId);
        s.Collection(SessionCollection).DeleteAll();
        events.AppendWithin(s, "auth.owner.forgotten", EventSeverity.Warning, $"Owner password and sessions cleared ({why}); the next device to pair sets a new password");
        return 0;
    });

    private static void WritePassword(NodeStore s, string hash) =>
        s.Collection(OwnerCollection).Upsert(new BsonDocument { ["_id"] = OwnerId, ["hash"] = hash });

    private static BsonDocument ToDocument(StoredSession session) => new()
    {
        ["_id"] = session.Id,
        ["csrf"] = session.Csrf,
        ["created"] = session.Created.UtcDateTime,
        ["lastUsed"] = session.LastUsed.UtcDateTime,
        ["device"] = session.Device,
    };

    private static DateTimeOffset Utc(BsonValue value) => new(value.AsDateTime.ToUniversalTime());
}

/// <summary>An owner session as stored: <paramref name="Id"/> is the SHA-256 (hex) of the cookie's token.</summary>
internal sealed record StoredSession(string Id, string Csrf, DateTimeOffset Created, DateTimeOffset LastUsed, string Device);
