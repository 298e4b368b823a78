using System.Globalization;
using System.Text;

namespace NodeAgent.Discovery;

/// <summary>
/// A 64-bit FNV-1a digest of a node's record set, written as 16 hex digits in its <c>d</c> tag. It only has to
/// tell "changed" from "same" and let a receiver check that the pages it assembled are the set it was told about;
/// it is not a defence against a node lying about itself. Hand-written on purpose: System.Security.Cryptography
/// would load OpenSSL's libcrypto (≈3.4 MB resident) on Linux for nothing.
/// </summary>
internal static class RecordDigest
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The digest of <paramref name="services"/> published by <paramref name="nodeId"/>, in any order.</summary>
    public static string Compute(string nodeId, IEnumerable<LocalService> services)
    {
        var hash = OffsetBasis;
        Add(ref hash, nodeId);
        foreach (var s in services.OrderBy(s => s.Type, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            Add(ref hash, "\n");
            Add(ref hash, s.Type);
            Add(ref hash, s.Name);
            Add(ref hash, s.Port.ToString(CultureInfo.InvariantCulture));
            foreach (var (key, value) in s.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                Add(ref hash, key);
                Add(ref hash, value);
            }
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The digest of a few strings, e.g. a stable file name for a type and instance name.</summary>
    public static string Of(string first, string second)
    {
        var hash = OffsetBasis;
        Add(ref hash, first);
        Add(ref hash, second);
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Each string is hashed as UTF-8 followed by a 0 byte, so ("ab","c") and ("a","bc") differ.</summary>
    private static void Add(ref ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }
        hash = (hash ^ 0) * Prime;
    }
}
