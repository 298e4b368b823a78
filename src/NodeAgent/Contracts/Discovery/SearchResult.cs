namespace NodeAgent.Contracts.Discovery;

/// <summary>One answer of <c>GET /api/v1/search</c>.</summary>
/// <param name="Record">The service.</param>
/// <param name="Sources">The discovery backends that know it (<c>serf</c>).</param>
/// <param name="LastSeen">When a backend last confirmed the node alive with this record (UTC).</param>
public sealed record SearchResult(ServiceRecord Record, IReadOnlyList<string> Sources, DateTimeOffset LastSeen);
