namespace NodeAgent.Contracts;

/// <summary><c>POST /api/v1/auth/pair</c> body.</summary>
/// <param name="Code">One-time code from <c>nodeagent pair</c> (<c>123-456</c>); null while the button's window is open.</param>
/// <param name="Password">The owner password to set: required (10+ characters) for the first owner, refused afterwards.</param>
/// <param name="Device">A name for the device pairing (shown in events), at most 64 printable characters.</param>
public sealed record PairRequest(string? Code, string? Password, string? Device);
