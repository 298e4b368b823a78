namespace NodeAgent.Contracts;

/// <summary><c>POST /api/v1/auth/login</c> body.</summary>
/// <param name="Password">The owner password.</param>
/// <param name="Device">A name for the device logging in (shown in events), optional.</param>
public sealed record LoginRequest(string? Password, string? Device = null);
