namespace NodeAgent.Contracts;

/// <summary><c>POST /api/v1/auth/password</c> body.</summary>
/// <param name="Current">The password in force.</param>
/// <param name="New">The new password, at least 10 characters.</param>
public sealed record PasswordChange(string? Current, string? New);
