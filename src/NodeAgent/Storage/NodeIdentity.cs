using LiteDB;

namespace NodeAgent.Storage;

/// <summary>This node's permanent identity: generated on first start, never changed afterwards.</summary>
internal sealed record NodeIdentity(string Id, DateTimeOffset CreatedAt)
{
    private const string Collection = "meta";
    private const string DocumentId = "identity";

    /// <summary>Reads the identity, creating and durably storing it on the first start.</summary>
    public static NodeIdentity LoadOrCreate(NodeStore store, TimeProvider time)
    {
        if (store.Read(Read) is { } existing)
        {
            return existing;
        }
        return store.WriteDurably(s =>
        {
            // Checked again inside the write lock: two starts racing must not make two identities.
            if (Read(s) is { } raced)
            {
                return raced;
            }
            // A random (v4) UUID: 122 bits from the kernel's CSPRNG. Not RandomNumberGenerator, which on
            // Linux loads OpenSSL's libcrypto (≈3.4 MB resident for the life of the process) for 16 bytes.
            var identity = new NodeIdentity(Guid.NewGuid().ToString("N"), time.GetUtcNow());
            s.Collection(Collection).Insert(new BsonDocument
            {
                ["_id"] = DocumentId,
                ["id"] = identity.Id,
                ["createdAt"] = identity.CreatedAt.UtcDateTime,
            });
            return identity;
        });
    }

    private static NodeIdentity? Read(NodeStore store)
    {
        var doc = store.Collection(Collection).FindById(DocumentId);
        return doc is null ? null : new NodeIdentity(doc["id"].AsString, new DateTimeOffset(doc["createdAt"].AsDateTime.ToUniversalTime()));
    }
}
