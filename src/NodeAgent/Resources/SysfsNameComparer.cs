namespace NodeAgent.Resources;

/// <summary>
/// Orders sysfs names by their prefix, then by their number: thermal_zone2 before
/// thermal_zone10, so output order is stable and matches what people expect.
/// </summary>
internal sealed class SysfsNameComparer : IComparer<string>
{
    public static SysfsNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return string.CompareOrdinal(x, y);
        }

        int px = DigitsStart(x);
        int py = DigitsStart(y);
        int prefix = x.AsSpan(0, px).SequenceCompareTo(y.AsSpan(0, py));
        if (prefix != 0)
        {
            return prefix;
        }

        bool nx = long.TryParse(x.AsSpan(px), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long vx);
        bool ny = long.TryParse(y.AsSpan(py), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long vy);
        return nx && ny ? vx.CompareTo(vy) : string.CompareOrdinal(x, y);
    }

    // Index where the trailing run of digits starts (the length when there is none).
    private static int DigitsStart(string s)
    {
        int i = s.Length;
        while (i > 0 && char.IsAsciiDigit(s[i - 1]))
        {
            i--;
        }

        return i;
    }
}
