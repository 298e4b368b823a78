namespace NodeAgent.Services.Systemd;

/// <summary>Where the systemd to manage is, and how long to wait for it.</summary>
public sealed class SystemdOptions
{
    /// <summary>
    /// Root of the system whose systemd is managed: <c>/</c> in the product. Tests point it at a booted container's
    /// root (<c>/proc/PID/root</c>): the bus socket, <c>run/systemd/system</c> and the drop-in directory are found under it.
    /// </summary>
    public string Root { get; init; } = "/";

    /// <summary>How long a start, stop or restart job may take before the call gives up (the job itself goes on).</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long connecting and each call may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(25);

    internal string UnderRoot(string absolutePath) => Path.Join(Root, absolutePath.TrimStart('/'));
}
