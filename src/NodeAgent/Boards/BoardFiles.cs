using NodeAgent.Configuration;

namespace NodeAgent.Boards;

/// <summary>
/// Where board files come from: the copies compiled into the binary (so a node always knows every
/// shipped board), and a directory of local additions or replacements such as <c>/etc/nodeagent/boards</c>.
/// </summary>
internal static class BoardFiles
{
    public const string LocalDirectory = "/etc/nodeagent/boards";

    /// <summary>The profiles in the repository's <c>boards/</c>, embedded at build time.</summary>
    public static IReadOnlyList<BoardFile> BuiltIn() =>
        JsonFiles.Embedded("boards/").Select(f => new BoardFile(f.Origin, f.FileName, f.Json)).ToList();

    /// <summary>Every <c>*.json</c> in <paramref name="directory"/>; none when it does not exist.</summary>
    /// <param name="directory">Directory to read.</param>
    /// <param name="unreadable">Receives the files that exist but cannot be read.</param>
    public static IReadOnlyList<BoardFile> FromDirectory(string directory, ICollection<BoardFileError> unreadable) =>
        JsonFiles.InDirectory(directory, (path, why) => unreadable.Add(new BoardFileError(path, why)))
            .Select(f => new BoardFile(f.Origin, f.FileName, f.Json)).ToList();
}
