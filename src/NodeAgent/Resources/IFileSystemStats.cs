namespace NodeAgent.Resources;

/// <summary>
/// statvfs behind a seam: a fixture tree can fake /proc/mounts but not the kernel's answer
/// about a mount point, so tests supply their own numbers.
/// </summary>
public interface IFileSystemStats
{
    /// <summary>
    /// Gets usage of the filesystem mounted at <paramref name="mountPoint"/> (a host path such as <c>/boot/firmware</c>).
    /// Returns false with a cause in <paramref name="failure"/> when the call fails.
    /// </summary>
    bool TryGetStats(string mountPoint, out FileSystemStats stats, out string? failure);
}
