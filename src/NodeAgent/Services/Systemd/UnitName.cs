using System.Text.RegularExpressions;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// Unit names are checked before they reach D-Bus or a file path (the drop-in directory is built from one):
/// systemd's characters only (letters, digits, <c>: _ . \ @ -</c>), one of the suffixes the agent manages,
/// at most 255 characters, no leading dot.
/// </summary>
public static partial class UnitName
{
    /// <summary>Whether <paramref name="name"/> is a unit name the agent may act on.</summary>
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 255 } && Grammar().IsMatch(name);

    /// <summary>Throws an <see cref="ArgumentException"/> that says what a unit name may be.</summary>
    public static string Validate(string? name) => IsValid(name)
        ? name!
        : throw new ArgumentException(
            $"'{name}' is not a unit name the agent manages: use letters, digits and ':_.\\@-', at most 255 characters, not starting with '-' or '.', " +
            "ending in .service, .socket, .timer, .path, .mount or .target", nameof(name));

    [GeneratedRegex(@"^[A-Za-z0-9:_\\@][A-Za-z0-9:_.\\@-]*\.(service|socket|timer|path|mount|target)$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
