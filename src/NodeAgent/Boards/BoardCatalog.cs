using System.Text.Json;

namespace NodeAgent.Boards;

/// <summary>
/// The board profiles that loaded. A bad file is reported in <see cref="Errors"/> and skipped; the others
/// load. A later file with the id of an earlier one replaces it (a local file over a built-in one).
/// </summary>
internal sealed class BoardCatalog
{
    private BoardCatalog(IReadOnlyList<BoardProfile> profiles, IReadOnlyList<BoardFileError> errors, IReadOnlyList<string> replaced)
    {
        Profiles = profiles;
        Errors = errors;
        Replaced = replaced;
    }

    /// <summary>Loaded profiles, sorted by id.</summary>
    public IReadOnlyList<BoardProfile> Profiles { get; }

    /// <summary>Files that were skipped, with why.</summary>
    public IReadOnlyList<BoardFileError> Errors { get; }

    /// <summary>One line per profile that a later file replaced.</summary>
    public IReadOnlyList<string> Replaced { get; }

    public IEnumerable<string> Ids => Profiles.Select(p => p.Id);

    public BoardProfile? Find(string id) => Profiles.FirstOrDefault(p => p.Id == id);

    /// <summary>The built-in profiles, then those in <paramref name="localDirectory"/> over them.</summary>
    public static BoardCatalog LoadDefault(string localDirectory = BoardFiles.LocalDirectory)
    {
        var unreadable = new List<BoardFileError>();
        var files = BoardFiles.BuiltIn().Concat(BoardFiles.FromDirectory(localDirectory, unreadable));
        return Load(files, unreadable);
    }

    public static BoardCatalog Load(IEnumerable<BoardFile> files, IEnumerable<BoardFileError>? earlierErrors = null)
    {
        var byId = new Dictionary<string, (BoardProfile Profile, string Origin)>(StringComparer.Ordinal);
        var errors = new List<BoardFileError>(earlierErrors ?? []);
        var replaced = new List<string>();
        foreach (var file in files)
        {
            if (Parse(file, out var error) is not { } profile)
            {
                errors.Add(error!);
                continue;
            }
            if (byId.TryGetValue(profile.Id, out var earlier))
            {
                replaced.Add($"{file.Origin} replaces {earlier.Origin}");
            }
            byId[profile.Id] = (profile, file.Origin);
        }
        var profiles = byId.Values.Select(v => v.Profile).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        return new BoardCatalog(profiles, errors, replaced);
    }

    private static BoardProfile? Parse(BoardFile file, out BoardFileError? error)
    {
        BoardProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(file.Json, BoardJsonContext.Default.BoardProfile);
        }
        catch (JsonException e)
        {
            error = new BoardFileError(file.Origin, Describe(e));
            return null;
        }
        if (profile is null)
        {
            error = new BoardFileError(file.Origin, "holds JSON null; it must be one board object (see boards/README.md)");
            return null;
        }
        var problems = BoardValidator.Check(profile, file.FileName);
        if (problems.Count > 0)
        {
            error = new BoardFileError(file.Origin, string.Join("; ", problems));
            return null;
        }
        error = null;
        return profile;
    }

    /// <summary>The serializer's message names the .NET type; say where in the file and what is allowed instead.</summary>
    private static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line ? $"line {line + 1}" : "the file";
        var path = e.Path is { Length: > 0 } p && p != "$" ? $" at {p}" : "";
        var field = e.Path?[(e.Path.LastIndexOf('.') + 1)..];
        var allowed = field switch
        {
            "arch" => "amd64, arm64",
            "role" => "status, power, alert",
            "colour" => "green, red, amber, blue, white",
            "activeLevel" => "high, low",
            "pull" => "up, down, none",
            "class" => "small, medium, large",
            "partitionLayout" => "gpt-uefi-bios, mbr-raspi",
            _ => null,
        };
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return allowed is null
            ? $"{where}{path}: {message} (the format is in boards/README.md)"
            : $"{where}{path}: the value must be one of {allowed}";
    }
}
