using System.Globalization;

namespace NodeAgent.Resources;

/// <summary>
/// Walks the whitespace-separated fields of one line without allocating: the kernel's text
/// formats are columns of numbers, and a split or a regex per line would allocate every 10 s.
/// </summary>
internal ref struct FieldReader
{
    private ReadOnlySpan<char> _rest;

    public FieldReader(ReadOnlySpan<char> line) => _rest = line;

    /// <summary>What has not been read yet, leading whitespace removed.</summary>
    public readonly ReadOnlySpan<char> Rest => _rest.TrimStart();

    public bool TryNext(out ReadOnlySpan<char> field)
    {
        var rest = _rest.TrimStart();
        if (rest.IsEmpty)
        {
            field = default;
            _rest = rest;
            return false;
        }

        int end = rest.IndexOfAny(' ', '\t', '\n');
        if (end < 0)
        {
            field = rest;
            _rest = default;
        }
        else
        {
            field = rest[..end];
            _rest = rest[end..];
        }

        return true;
    }

    public bool TryNextLong(out long value)
    {
        value = 0;
        return TryNext(out var field) && TryParseLong(field, out value);
    }

    public bool TryNextDouble(out double value)
    {
        value = 0;
        return TryNext(out var field) && TryParseDouble(field, out value);
    }

    public static bool TryParseLong(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses <c>0x1f</c> or <c>1f</c>.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> text, out uint value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
