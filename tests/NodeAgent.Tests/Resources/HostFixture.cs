using NodeAgent.Contracts;
using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

/// <summary>Opens a fixture host (read-only, or copied to a temp dir a test may rewrite).</summary>
internal sealed class HostFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly bool _temporary;

    private HostFixture(string root, bool temporary)
    {
        Root = root;
        _temporary = temporary;
        Sampler = new ResourceSampler(new HostRoot(root), Time, new FixtureFileSystemStats(root), new NoAddresses());
    }

    public string Root { get; }

    public ManualTimeProvider Time { get; } = new(Start);

    public ResourceSampler Sampler { get; }

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "hosts", name);

    public static HostFixture Open(string name) => new(PathOf(name), temporary: false);

    /// <summary>Copies the fixture so the test can rewrite or delete files.</summary>
    public static HostFixture Copy(string name)
    {
        string target = Path.Combine(Path.GetTempPath(), "nodeagent-res-" + Guid.NewGuid().ToString("N"));
        string source = PathOf(name);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return new HostFixture(target, temporary: true);
    }

    public static ResourceSnapshot SampleOnce(string name)
    {
        using var host = Open(name);
        return host.Sampler.Sample();
    }

    public void Write(string relative, string content) => File.WriteAllText(Path.Combine(Root, relative), content);

    public void Delete(string relative) => File.Delete(Path.Combine(Root, relative));

    public void Dispose()
    {
        if (_temporary)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private sealed class NoAddresses : INetworkAddressSource
    {
        public void Collect(Dictionary<string, List<string>> into)
        {
        }
    }
}
