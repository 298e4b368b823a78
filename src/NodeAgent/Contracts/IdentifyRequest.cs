namespace NodeAgent.Contracts;

/// <summary><c>POST /api/v1/feedback/identify</c> body; an empty body identifies for the default time.</summary>
/// <param name="Seconds">How long to identify, 1 to 3600; null for the default (30 s).</param>
public sealed record IdentifyRequest(int? Seconds);
