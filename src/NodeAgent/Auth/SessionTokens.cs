using System.Security.Cryptography;
using System.Text;

namespace NodeAgent.Auth;

/// <summary>
/// Session tokens: 256 random bits in base64url (what the cookie carries). Only their SHA-256 is stored, so a copy
/// of the store does not hand out sessions.
/// </summary>
internal static class SessionTokens
{
    private const int TokenBytes = 32;

    // base64url of 32 bytes without padding.
    private const int TokenLength = 43;

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The stored id of a token: lower-case hex SHA-256.</summary>
    public static string IdOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>True for something shaped like a token; anything else is not even hashed.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Constant-time comparison of two tokens (the CSRF header against the session's).</summary>
    public static bool Same(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(expected));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
