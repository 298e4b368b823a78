using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NodeAgent.Auth;

/// <summary>
/// The owner password as a salted slow hash: PBKDF2-HMAC-SHA256 from the runtime (OpenSSL underneath, no package),
/// stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64). The iteration count travels with the hash, so a
/// hash made under another setting still verifies.
/// </summary>
internal sealed class PasswordHasher(int iterations)
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.2 s on an x64 core, a few seconds on a small ARM board.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Lowest count the configuration accepts; tests build a hasher with less directly.</summary>
    public const int MinimumConfiguredIterations = 100_000;

    public const int MinimumLength = 10;

    /// <summary>Longer passwords are refused: the owner gains nothing, and hashing them is work handed to anyone.</summary>
    public const int MaximumLength = 256;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public int Iterations { get; } = iterations > 0 ? iterations : throw new ArgumentOutOfRangeException(nameof(iterations));

    /// <summary>Why <paramref name="password"/> cannot be an owner password, or null when it can.</summary>
    public static string? Problem(string? password, string field) => password switch
    {
        null or "" => $"'{field}' is required: the owner password, at least {MinimumLength} characters",
        { Length: < MinimumLength } => $"'{field}' is too short: at least {MinimumLength} characters (a few words make a good one)",
        { Length: > MaximumLength } => $"'{field}' is too long: at most {MaximumLength} characters",
        _ => null,
    };

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for a stored value it cannot read.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (password.Length > MaximumLength)
        {
            return false;
        }
        // Compared in constant time: how long the comparison takes says nothing about how much matched.
        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations, expected.Length), expected);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length = HashBytes) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);
}
