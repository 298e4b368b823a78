namespace NodeAgent.Discovery.Serf;

/// <summary>A user event (<c>serf event</c>, <see cref="ISerfClient.UserEventAsync"/>) delivered by gossip.</summary>
/// <param name="Name">The event name.</param>
/// <param name="Payload">Opaque bytes; Serf drops events above ≈1.3 KB silently, so keep them small.</param>
/// <param name="LamportTime">Serf's logical clock for the event.</param>
/// <param name="Coalesce">Whether Serf may coalesce it with later events of the same name.</param>
internal sealed record SerfUserEvent(string Name, byte[] Payload, ulong LamportTime, bool Coalesce) : SerfEvent;
