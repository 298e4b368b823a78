using System.Text.RegularExpressions;

namespace NodeAgent.Services.Packages;

/// <summary>
/// Debian's package name grammar (Policy 5.6.1): lower-case letters, digits, <c>+ - .</c>, at least two characters,
/// starting with a letter or digit. Checked before a name reaches apt's command line, where a leading <c>-</c> would
/// be an option and <c>pkg=version</c> or <c>pkg/suite</c> would change what is installed.
/// </summary>
public static partial class DebianPackageName
{
    /// <summary>Whether <paramref name="name"/> is a valid Debian package name.</summary>
    public static bool IsValid(string? name) => name is { Length: >= 2 and <= 128 } && Grammar().IsMatch(name);

    /// <summary>Throws an <see cref="ArgumentException"/> that says what a package name may be.</summary>
    public static string Validate(string? name) => IsValid(name)
        ? name!
        : throw new ArgumentException(
            $"'{name}' is not a Debian package name: use 2-128 of a-z 0-9 + - . starting with a letter or digit", nameof(name));

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
