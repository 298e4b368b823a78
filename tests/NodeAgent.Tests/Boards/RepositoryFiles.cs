namespace NodeAgent.Tests.Boards;

/// <summary>Finds files of the repository the tests were built from (the boards and their README).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string BoardsDirectory => Path.Join(Root, "boards");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "NodeAgent.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no NodeAgent.sln above {AppContext.BaseDirectory}; run the tests from a checkout");
    }
}
