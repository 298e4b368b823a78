using System.Text.Json;
using System.Text.RegularExpressions;
using NodeAgent.Boards;
using NodeAgent.Configuration;
using NodeAgent.Discovery;

namespace NodeAgent.Services.Catalogue;

/// <summary>
/// Turns one manifest file into a <see cref="ServiceManifest"/>, or into the full list of what is wrong with it.
/// The format is documented in <c>src/NodeAgent/Services/README.md</c>; every message names the JSON path,
/// what was found and what is allowed.
/// </summary>
internal static partial class ManifestReader
{
    /// <summary>A manifest is a few KiB; anything much bigger is a mistake (or an attack) and is not parsed.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly string[] TopLevel =
    [
        "id", "name", "description", "continues", "packages", "unit", "systemUser", "architectures",
        "requirements", "limits", "priority", "health", "ports", "announce", "debconf",
    ];

    private static readonly JsonDocumentOptions Options = new()
    {
        // Comments are refused as in boards/*.json: remarks belong in "description", and other tools (jq) read the same files.
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    /// <summary>The manifest in <paramref name="file"/>; null with <paramref name="problems"/> filled when it is not valid.</summary>
    public static ServiceManifest? Read(JsonFile file, out IReadOnlyList<ManifestProblem> problems)
    {
        var list = new List<ManifestProblem>();
        problems = list;
        if (file.Json.Length > MaxBytes)
        {
            list.Add(new("$", $"the file has {file.Json.Length} characters; a manifest is at most {MaxBytes}"));
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.Json, Options);
        }
        catch (JsonException e)
        {
            list.Add(new("$", $"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {SyntaxMessage(e)}; a manifest is one JSON object without comments"));
            return null;
        }
        using (document)
        {
            if (JsonObjectReader.Open(document.RootElement, "$", list, TopLevel) is not { } root)
            {
                return null;
            }
            var manifest = ReadRoot(root, Path.GetFileNameWithoutExtension(file.FileName), list);
            return list.Count == 0 ? manifest : null;
        }
    }

    private static ServiceManifest? ReadRoot(JsonObjectReader root, string fileId, List<ManifestProblem> problems)
    {
        var id = root.String("id", true, v => !IdPattern().IsMatch(v) ? "must be 1-40 characters of a-z 0-9 '-', starting with a letter or digit"
            : v != fileId ? $"differs from the file name; rename the file to {v}.json or set \"id\": \"{fileId}\"" : null);
        var name = root.String("name", true, v => ServiceRules.IsValidName(v) ? null : ServiceRules.NameRule);
        var description = root.String("description", true, v => v.Length is > 0 and <= 500 && !v.Any(char.IsControl) ? null
            : "must be 1-500 characters on one line");
        var continues = root.String("continues", false, v => SeedServices.All.ContainsKey(v) ? null
            : $"is not a Cloudy service; allowed: {string.Join(", ", SeedServices.All.Keys)} (or leave \"continues\" out)");
        var packages = root.Strings("packages", true, 1, 8, "Debian package names", v => PackagePattern().IsMatch(v) ? null
            : "is not a Debian package name (lower-case letters, digits, '+', '-', '.'; at least two characters)");
        var unit = root.String("unit", true, CheckUnit);
        var architectures = ReadArchitectures(root);
        var priority = root.Int("priority", true, 0, 100, "the priority");
        var systemUser = ReadSystemUser(root);
        var requirements = ReadRequirements(root);
        // Later sections are read even when one they refer to is broken, so every problem shows at once;
        // only the cross-checks against the broken section are skipped.
        var limits = ReadLimits(root, requirements);
        var ports = ReadPorts(root);
        var health = ReadHealth(root, ports);
        var announce = ReadAnnounce(root, ports);
        var debconf = ReadDebconf(root, packages);
        if (problems.Count > 0)
        {
            return null;
        }
        return new ServiceManifest
        {
            Id = id!,
            Name = name!,
            Description = description!,
            Continues = continues,
            Packages = packages!,
            Unit = unit!,
            SystemUser = systemUser,
            Architectures = architectures!,
            Requirements = requirements!,
            Limits = limits!,
            Priority = priority!.Value,
            Health = health!,
            Ports = ports!,
            Announce = announce,
            Debconf = debconf!,
        };
    }

    private static string? CheckUnit(string unit)
    {
        if (!UnitPattern().IsMatch(unit))
        {
            return "must be a systemd service unit name such as unbound.service (letters, digits, ':_.-', optional @instance, ending in .service)";
        }
        return unit.Contains("@.", StringComparison.Ordinal)
            ? $"is a template; name an instance such as {unit.Replace("@.", "@name.", StringComparison.Ordinal)}"
            : null;
    }

    private static List<BoardArch>? ReadArchitectures(JsonObjectReader root)
    {
        var names = root.Strings("architectures", true, 1, 2, "Debian architectures", v => v is "amd64" or "arm64" ? null
            : "is not an architecture the agent runs on; allowed: amd64, arm64");
        return names?.Select(n => n == "amd64" ? BoardArch.Amd64 : BoardArch.Arm64).ToList();
    }

    private static SystemUser? ReadSystemUser(JsonObjectReader root)
    {
        if (root.Object("systemUser", false, "name", "home") is not { } user)
        {
            return null;
        }
        var name = user.String("name", true, v => UserPattern().IsMatch(v) ? null
            : "must be a system user name: 1-32 of a-z 0-9 '_' '-', starting with a letter or '_'");
        var home = user.String("home", true, v => Path.IsPathRooted(v) && !v.Split('/').Contains("..") && !v.Any(char.IsControl) ? null
            : "must be an absolute path without '..', e.g. /var/lib/syncthing");
        return name is null || home is null ? null : new SystemUser(name, home);
    }

    /// <summary>System.Text.Json appends "LineNumber: 3 | BytePositionInLine: 5." which the message already says better.</summary>
    private static string SyntaxMessage(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,39}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]{1,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PackagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9:_.-]{1,100}(@[A-Za-z0-9:_.-]{0,100})?\.service\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();
}
