namespace NodeAgent.Contracts.Discovery;

/// <summary>One answer of <c>GET /api/v1/search</c>.</summary>
/// <param name="Record">The service.</param>
/// <param name="Sources">The discovery backends that know it (<c>serf</c>, <c>etcd</c>).</param>
/// <param name="LastSeen">When a backend last confirmed the node alive with this record (UTC): the latest of <paramref name="LastSeenBy"/>.</param>
/// <param name="LastSeenBy">The same, per backend in <paramref name="Sources"/>.</param>
/// <param name="Action">What to do with it, when the node published an action that is safe to offer.</param>
public sealed record SearchResult(ServiceRecord Record, IReadOnlyList<string> Sources, DateTimeOffset LastSeen, IReadOnlyDictionary<string, DateTimeOffset>? LastSeenBy = null, ServiceAction? Action = null);
