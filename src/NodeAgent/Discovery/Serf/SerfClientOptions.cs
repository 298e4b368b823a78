namespace NodeAgent.Discovery.Serf;

/// <summary>
/// Limits and timeouts of one <see cref="SerfRpcClient"/>. Everything read from the socket is bounded by
/// these, so a confused or hostile peer costs at most <see cref="MaxObjectBytes"/> of buffer per connection
/// plus the backlogs below. The defaults fit a cloud of a few thousand nodes with 512-byte tags.
/// </summary>
internal sealed record SerfClientOptions
{
    /// <summary>How long a request may wait for its reply (a stream's or query's first reply) before it fails.
    /// <c>tags</c> waits for its broadcast (0.2-0.8 s); <c>join</c> waits on TCP connects to the given nodes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the TCP connect, and then the handshake and <c>auth</c> replies, may each take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest single msgpack object accepted (a members list of 1,000 nodes with full tags is ≈700 KB).</summary>
    public int MaxObjectBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest nesting accepted; Serf's deepest object (a member's tags inside a member list) is 4 levels.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Most members accepted in one reply or member event.</summary>
    public int MaxMembers { get; init; } = 20_000;

    /// <summary>Largest payload accepted in an event or query record (Serf's own limit is 1 KB by default).</summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>Events a stream buffers for a slow reader before the stream is ended with an error (Serf itself buffers 512).</summary>
    public int MaxStreamBacklog { get; init; } = 1024;

    /// <summary>Acks and responses a query buffers for a slow reader before the query is ended with an error.</summary>
    public int MaxQueryBacklog { get; init; } = 20_000;

    /// <summary>The defaults.</summary>
    public static SerfClientOptions Default { get; } = new();
}
