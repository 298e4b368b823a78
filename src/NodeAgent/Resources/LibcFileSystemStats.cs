using System.Runtime.InteropServices;
using System.Text;

namespace NodeAgent.Resources;

/// <summary>
/// statvfs(3) from glibc. Only 64-bit targets (linux-x64, linux-arm64) are built, where every
/// field before the spare ints is 8 bytes wide; 32-bit glibc lays the struct out differently.
/// </summary>
public sealed class LibcFileSystemStats : IFileSystemStats
{
    private const ulong ReadOnlyFlag = 1; // ST_RDONLY

    // Path bytes are cached per mount point: the set of mounts is small and stable, and this
    // avoids encoding the same strings every 10 s. Cleared if mounts churn (containers).
    private readonly Dictionary<string, byte[]> _paths = new(StringComparer.Ordinal);
    private readonly HostRoot _root;

    /// <summary>Creates the reader; mount points are resolved under <paramref name="root"/>.</summary>
    public LibcFileSystemStats(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
    }

    /// <inheritdoc/>
    public bool TryGetStats(string mountPoint, out FileSystemStats stats, out string? failure)
    {
        stats = default;
        if (IntPtr.Size != 8)
        {
            failure = "statvfs is only mapped for 64-bit glibc; build for linux-x64 or linux-arm64";
            return false;
        }

        if (!_paths.TryGetValue(mountPoint, out byte[]? path))
        {
            if (_paths.Count > 256)
            {
                _paths.Clear();
            }

            string full = _root.Resolve(mountPoint);
            path = new byte[Encoding.UTF8.GetByteCount(full) + 1]; // zero-terminated
            Encoding.UTF8.GetBytes(full, path);
            _paths[mountPoint] = path;
        }

        if (StatVfs(path, out var buf) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            failure = $"statvfs failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            return false;
        }

        stats = new FileSystemStats(
            buf.FragmentSize != 0 ? buf.FragmentSize : buf.BlockSize,
            buf.Blocks,
            buf.BlocksFree,
            buf.BlocksAvailable,
            buf.Files,
            buf.FilesFree,
            (buf.Flags & ReadOnlyFlag) != 0);
        failure = null;
        return true;
    }

    // DllImport rather than LibraryImport: the generated LibraryImport stub needs
    // AllowUnsafeBlocks, which this project does not enable. The signature is blittable
    // (byte[] pinned, struct out), so NativeAOT compiles it to a direct call without runtime
    // marshalling and the publish stays free of trim/AOT warnings.
    // "libc.so.6", not "libc": the runtime would first try libc.so (a linker script on Debian) and
    // liblibc.so along every search path, dozens of failed opens on the start-up path.
    [DllImport("libc.so.6", EntryPoint = "statvfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int StatVfs(byte[] path, out StatVfsBuffer buf);

    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public ulong Spare0;
        public ulong Spare1;
        public ulong Spare2;
    }
}
