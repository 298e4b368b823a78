namespace NodeAgent.Contracts;

/// <summary><c>GET /healthz</c>: overall status and each check behind it.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Checks">The checks, each with its own status and a plain-words detail.</param>
public sealed record HealthReport(string Status, IReadOnlyList<HealthCheck> Checks);

/// <summary>One health check.</summary>
/// <param name="Name">What was checked (store, resources).</param>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Detail">Why, in plain words.</param>
public sealed record HealthCheck(string Name, string Status, string Detail);
