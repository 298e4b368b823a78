using System.Reflection;

namespace NodeAgent.Boards;

/// <summary>
/// Where board files come from: the copies compiled into the binary (so a node always knows every
/// shipped board), and a directory of local additions or replacements such as <c>/etc/nodeagent/boards</c>.
/// </summary>
internal static class BoardFiles
{
    public const string LocalDirectory = "/etc/nodeagent/boards";
    private const string ResourcePrefix = "boards/";

    /// <summary>The profiles in the repository's <c>boards/</c>, embedded at build time.</summary>
    public static IReadOnlyList<BoardFile> BuiltIn()
    {
        var assembly = typeof(BoardFiles).Assembly;
        var files = new List<BoardFile>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var fileName = name[ResourcePrefix.Length..];
            files.Add(new BoardFile($"built-in:{fileName}", fileName, reader.ReadToEnd()));
        }
        return files;
    }

    /// <summary>Every <c>*.json</c> in <paramref name="directory"/>; none when it does not exist.</summary>
    /// <param name="directory">Directory to read.</param>
    /// <param name="unreadable">Receives the files that exist but cannot be read.</param>
    public static IReadOnlyList<BoardFile> FromDirectory(string directory, ICollection<BoardFileError> unreadable)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var files = new List<BoardFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                files.Add(new BoardFile(path, Path.GetFileName(path), File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new BoardFileError(path, $"cannot be read ({e.Message}); check its permissions"));
            }
        }
        return files;
    }
}
