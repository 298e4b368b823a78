namespace NodeAgent.Boards;

/// <summary>
/// The wildcard patterns of <see cref="BoardDetection"/>: <c>*</c> is any run of characters, <c>?</c> one character.
/// Hand-written rather than Regex so a pattern in a board file can never be a slow or invalid expression.
/// </summary>
internal static class BoardPattern
{
    public static bool Matches(string pattern, string text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>How much of a pattern is literal: of two matching patterns, the more literal one is the better fit.</summary>
    public static int Specificity(string pattern)
    {
        var n = 0;
        foreach (var c in pattern)
        {
            if (c is not ('*' or '?'))
            {
                n++;
            }
        }
        return n;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
