using System.Globalization;
using System.Security.Cryptography;

namespace NodeAgent.Auth;

/// <summary>
/// One-time pairing codes minted by <c>nodeagent pair</c>: six digits, good for one pairing within
/// <see cref="Lifetime"/>, at most <see cref="MaxOutstanding"/> at a time (minting one more drops the oldest).
/// Kept in memory only: a restart voids them. A million codes against rate-limited guessing is thin, so
/// <see cref="MaxWrongGuesses"/> wrong codes void every outstanding one (the owner mints another).
/// </summary>
internal sealed class PairingCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxOutstanding = 4;
    public const int MaxWrongGuesses = 10;

    private readonly Lock _lock = new();
    private readonly List<(string Digits, DateTimeOffset Until)> _codes = [];
    private int _wrong;

    /// <summary>A new code and when it expires.</summary>
    public (string Code, DateTimeOffset Until) Mint()
    {
        var digits = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var until = time.GetUtcNow() + Lifetime;
        lock (_lock)
        {
            Prune();
            if (_codes.Count >= MaxOutstanding)
            {
                _codes.RemoveAt(0);
            }
            _codes.Add((digits, until));
            _wrong = 0;
        }
        return ($"{digits[..3]}-{digits[3..]}", until);
    }

    /// <summary>Codes that can still be used.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                Prune();
                return _codes.Count;
            }
        }
    }

    /// <summary>True when the code is well-formed (digits, spaces and dashes are ignored).</summary>
    public static bool IsWellFormed(string code) => Normalize(code) is not null;

    /// <summary>Uses up <paramref name="code"/>: true once for a valid, unexpired code, false ever after.</summary>
    /// <param name="code">The code as typed.</param>
    /// <param name="voided">Set when this wrong guess voided every outstanding code.</param>
    public bool TryUse(string code, out bool voided)
    {
        voided = false;
        var digits = Normalize(code);
        lock (_lock)
        {
            Prune();
            var index = digits is null ? -1 : _codes.FindIndex(c => c.Digits == digits);
            if (index >= 0)
            {
                _codes.RemoveAt(index);
                return true;
            }
            if (_codes.Count > 0 && ++_wrong >= MaxWrongGuesses)
            {
                _codes.Clear();
                _wrong = 0;
                voided = true;
            }
            return false;
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        _codes.RemoveAll(c => c.Until <= now);
    }

    private static string? Normalize(string code)
    {
        Span<char> digits = stackalloc char[6];
        var n = 0;
        foreach (var c in code)
        {
            if (c is ' ' or '-')
            {
                continue;
            }
            if (!char.IsAsciiDigit(c) || n == digits.Length)
            {
                return null;
            }
            digits[n++] = c;
        }
        return n == digits.Length ? new string(digits) : null;
    }
}
