using System.Reflection;

namespace NodeAgent.Configuration;

/// <summary>The text of one data file (board profile, service manifest) and where it came from.</summary>
/// <param name="Origin">Path, or <c>built-in:NAME</c> for a file compiled into the binary; errors name it.</param>
/// <param name="FileName">File name; ids must equal it without <c>.json</c>.</param>
/// <param name="Json">File contents.</param>
internal sealed record JsonFile(string Origin, string FileName, string Json);

/// <summary>
/// Data files that ship inside the binary (so a node always has the full set, whatever happens to /etc) and the
/// directory of local additions or replacements beside them.
/// </summary>
internal static class JsonFiles
{
    /// <summary>The embedded resources whose logical name is <paramref name="prefix"/><c>NAME.json</c>, by name.</summary>
    public static IReadOnlyList<JsonFile> Embedded(string prefix)
    {
        var assembly = typeof(JsonFiles).Assembly;
        var files = new List<JsonFile>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var fileName = name[prefix.Length..];
            files.Add(new JsonFile($"built-in:{fileName}", fileName, reader.ReadToEnd()));
        }
        return files;
    }

    /// <summary>Every <c>*.json</c> in <paramref name="directory"/>, by name; none when it does not exist.</summary>
    /// <param name="directory">Directory to read.</param>
    /// <param name="unreadable">Called with the path and the reason for each file that exists but cannot be read.</param>
    public static IReadOnlyList<JsonFile> InDirectory(string directory, Action<string, string> unreadable)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var files = new List<JsonFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                files.Add(new JsonFile(path, Path.GetFileName(path), File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable(path, $"cannot be read ({e.Message}); check its permissions");
            }
        }
        return files;
    }
}
