namespace NodeAgent.Tests.Boards;

/// <summary>A temporary directory tree (a fake host root, a boards directory) removed after the test.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("nodeagent-fb-").FullName;
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Join(Root, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
