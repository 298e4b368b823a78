namespace NodeAgent.Contracts;

/// <summary>One signed-in device, as <c>GET /api/v1/auth/sessions</c> lists it.</summary>
/// <param name="Id">A short public id (16 hex digits) derived from the stored one: it names the session for
/// <c>DELETE /api/v1/auth/sessions/{id}</c> and is worth nothing as a credential.</param>
/// <param name="Device">The name the device gave when it paired or logged in.</param>
/// <param name="Created">When it paired or logged in.</param>
/// <param name="LastUsed">Its last use as stored: written at most once an hour, so up to an hour old.</param>
/// <param name="Current">The session of the request that asked.</param>
public sealed record SessionInfo(string Id, string Device, DateTimeOffset Created, DateTimeOffset LastUsed, bool Current);
