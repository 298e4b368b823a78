namespace NodeAgent.Contracts;

/// <summary><c>POST /api/v1/auth/code</c> (Unix socket only): a one-time pairing code.</summary>
/// <param name="Code">Six digits as <c>123-456</c>; good for one pairing.</param>
/// <param name="Until">When it expires unused.</param>
public sealed record PairingCode(string Code, DateTimeOffset Until);
