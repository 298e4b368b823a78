using NodeAgent.Contracts;

namespace NodeAgent.FirstBoot;

/// <summary>
/// What the image's first-boot script (<c>image-build/stages/04-firstboot</c>) leaves when it rejects the preseed
/// file on the boot partition: <c>preseed-errors</c>, every problem with its line. The script runs before the
/// agent and rewrites the report on each boot while the file stays bad, so only a report written since the host
/// booted is news; an older one was shown at its own boot.
/// </summary>
internal static class PreseedReport
{
    /// <summary>The first-boot script's state directory.</summary>
    public const string DefaultDirectory = "/var/lib/nodeagent-firstboot";

    /// <summary>The event kind recorded for a rejected preseed file.</summary>
    public const string RejectedKind = "firstboot.preseed-rejected";

    // A report names at most a few dozen lines; more is not a report this script wrote.
    private const int MaxBytes = 4096;

    /// <summary>The rejection to record, or null when there is none from this boot.</summary>
    public static string? ReadRejection(string directory, DateTimeOffset bootedAt)
    {
        var path = Path.Combine(directory, "preseed-errors");
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LastWriteTimeUtc < bootedAt.UtcDateTime)
            {
                return null;
            }
            using var stream = info.OpenRead();
            var buffer = new byte[MaxBytes];
            var read = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return text.Length == 0 ? "the preseed file on the boot partition was rejected" : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the preseed file was rejected, and its report {path} cannot be read: {e.Message}";
        }
    }

    /// <summary>The severity of <see cref="RejectedKind"/>: the node runs, but not as its owner asked.</summary>
    public static EventSeverity Severity => EventSeverity.Error;
}
