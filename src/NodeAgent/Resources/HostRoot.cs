namespace NodeAgent.Resources;

/// <summary>
/// Where the sampler finds <c>/proc</c> and <c>/sys</c>: <c>/</c> in production, a fixture
/// directory in tests, or a host's root mounted into a container (<c>/host</c>).
/// </summary>
public sealed class HostRoot
{
    /// <summary>The root of the machine the agent runs on.</summary>
    public static HostRoot Live { get; } = new("/");

    /// <summary>Creates a root at <paramref name="path"/> (trailing slashes are ignored).</summary>
    /// <exception cref="ArgumentException">The path is empty or relative.</exception>
    public HostRoot(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException(
                $"Host root '{path}' is relative; pass an absolute path such as '/' or '/host'.", nameof(path));
        }

        string trimmed = path.TrimEnd('/');
        Path = trimmed.Length == 0 ? "/" : trimmed;
        IsLive = Path == "/";
    }

    /// <summary>Absolute path of the root, without a trailing slash (except <c>/</c> itself).</summary>
    public string Path { get; }

    /// <summary>True when the root is the running machine's <c>/</c>, so live-only APIs (addresses) apply.</summary>
    public bool IsLive { get; }

    /// <summary>Path of <c>/proc/<paramref name="relative"/></c> under this root.</summary>
    public string Proc(string relative) => System.IO.Path.Join(Path, "proc", relative);

    /// <summary>Path of <c>/sys/<paramref name="relative"/></c> under this root.</summary>
    public string Sys(string relative) => System.IO.Path.Join(Path, "sys", relative);

    /// <summary>Maps an absolute host path (a mount point) to the same path under this root.</summary>
    public string Resolve(string absolute) => IsLive ? absolute : System.IO.Path.Join(Path, absolute);

    /// <inheritdoc/>
    public override string ToString() => Path;
}
