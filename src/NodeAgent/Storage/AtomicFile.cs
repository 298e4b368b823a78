using System.Text;

namespace NodeAgent.Storage;

/// <summary>
/// Writes a whole file so that after a crash or a power cut a reader sees the old content or the new, never half:
/// a temp file beside it (its name ends in <c>.tmp</c>, so daemons that load <c>*.conf</c> or <c>*.service</c>
/// never read it), fsync, rename over the target.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode WorldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, string content, UnixFileMode mode = WorldReadable)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temp, mode);
        File.Move(temp, path, overwrite: true);
    }
}
