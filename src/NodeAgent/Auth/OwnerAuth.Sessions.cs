using System.Security.Cryptography;
using System.Text;
using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Auth;

/// <summary>The owner's view of the signed-in devices: list them, sign one out.</summary>
internal sealed partial class OwnerAuth
{
    /// <summary>Length of a public session id (hex digits): 64 bits, unique enough among <see cref="MaxSessions"/>.</summary>
    public const int PublicIdLength = 16;

    /// <summary>
    /// The public id of a stored session: a hash of the stored id (itself the token's SHA-256) under a label of its own,
    /// cut short. It names a session in lists and URLs, in logs and in the browser's history, and leads back to nothing.
    /// </summary>
    public static string PublicId(string storedId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("nodeagent-session-public-id:" + storedId)))[..PublicIdLength];

    /// <summary>True for something shaped like a public id (16 lower-case hex digits).</summary>
    public static bool IsPublicId(string? id) =>
        id is { Length: PublicIdLength } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The live sessions, most recently used first; <paramref name="current"/> is the asking request's own.</summary>
    public IReadOnlyList<SessionInfo> ListSessions(OwnerSession? current)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _sessions.Values
                .Where(s => now - s.LastUsed < SessionLifetime)
                .OrderByDescending(s => s.LastUsed).ThenByDescending(s => s.Created)
                .Select(s => new SessionInfo(PublicId(s.Id), s.Device, s.Created, s.LastUsed, s.Id == current?.Id))];
        }
    }

    /// <summary>
    /// Signs out the session whose public id is <paramref name="publicId"/>, at once: its cookie fails on the next request.
    /// <paramref name="by"/> is the asking session (null over the local socket). Null when no such session lives;
    /// else the stored session that was ended.
    /// </summary>
    /// <exception cref="StoreException">The store cannot be written: nothing changed, the session still works.</exception>
    public OwnerSession? Revoke(string publicId, OwnerSession? by, string address)
    {
        // One change of the owner's at a time (as pairing and password changes): two revocations of one
        // session must not both write an event.
        lock (_owner)
        {
            StoredSession? found;
            lock (_lock)
            {
                found = _sessions.Values.FirstOrDefault(s => PublicId(s.Id) == publicId);
            }
            if (found is null)
            {
                return null;
            }
            var who = by is null ? "over the local socket" : found.Id == by.Id ? $"by itself from {address}" : $"by '{by.Device}' from {address}";
            var message = $"Device '{found.Device}' was signed out {who}";
            // Flash first: if it fails, nothing changed (the session would come back at the next start otherwise).
            _store.DeleteSessions([found.Id], "auth.session.revoked", message);
            lock (_lock)
            {
                _sessions.Remove(found.Id);
            }
            Log.Accepted(_logger, message);
            return new OwnerSession(found.Id, found.Csrf, found.Device);
        }
    }
}
