using System.Text.RegularExpressions;

namespace NodeAgent.Configuration;

/// <summary>Community (µcloud) names: short, printable, safe in tags, keys and file names.</summary>
internal static partial class Communities
{
    public const string Rule = "must be 1-63 characters: letters, digits, space, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
