namespace NodeAgent.Net;

/// <summary>
/// Limits and timeouts of one <see cref="Http1Client"/>. Everything read from the socket is bounded by these,
/// so a confused or hostile server costs at most <see cref="MaxBodyBytes"/> (a buffered answer) or
/// <see cref="MaxLineBytes"/> (a streamed one) plus the header limit per connection.
/// </summary>
internal sealed record Http1ClientOptions
{
    /// <summary>How long the TCP or Unix connect may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request may take from connect to the last body byte; for a stream, until its headers arrived.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest status line plus headers (and, separately, trailers) accepted.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Most header (or trailer) lines accepted in one answer.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Largest body of a buffered answer (<see cref="Http1Client.SendAsync"/>).</summary>
    public int MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Longest line of a streamed answer (<see cref="Http1StreamingResponse.ReadLineAsync"/>).</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>Idle keep-alive connections kept for reuse; more concurrent requests open more and close the extras.</summary>
    public int MaxIdleConnections { get; init; } = 2;

    /// <summary>The defaults.</summary>
    public static Http1ClientOptions Default { get; } = new();
}
