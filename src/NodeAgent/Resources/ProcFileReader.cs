using System.Text;

namespace NodeAgent.Resources;

/// <summary>
/// Reads small kernel files into one reused buffer, so a sample allocates no per-file arrays.
/// procfs and sysfs report a size of 0, so files are read until EOF rather than by length.
/// The returned text is only valid until the next <see cref="Read"/>.
/// </summary>
internal sealed class ProcFileReader
{
    // /proc/stat grows with the interrupt count; 4 MB is far above any real host and stops a
    // runaway file from growing the buffer without bound.
    private const int MaxBytes = 4 * 1024 * 1024;

    private byte[] _bytes = new byte[16 * 1024];
    private char[] _chars = new char[16 * 1024];

    /// <summary>Why the last <see cref="ReadStatus.Failed"/> read failed.</summary>
    public string LastError { get; private set; } = "";

    public ReadStatus Read(string path, out ReadOnlySpan<char> text)
    {
        text = default;

        // Checking first keeps absent optional sources (PSI, get_throttled) free of exceptions,
        // which would otherwise be thrown and caught every 10 s for months.
        if (!File.Exists(path))
        {
            return ReadStatus.Missing;
        }

        int total;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            total = 0;
            while (true)
            {
                if (total == _bytes.Length)
                {
                    if (_bytes.Length >= MaxBytes)
                    {
                        LastError = $"larger than {MaxBytes} bytes";
                        return ReadStatus.Failed;
                    }

                    Array.Resize(ref _bytes, _bytes.Length * 2);
                }

                int n = RandomAccess.Read(handle, _bytes.AsSpan(total), total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (FileNotFoundException)
        {
            return ReadStatus.Missing; // removed between the check and the open
        }
        catch (DirectoryNotFoundException)
        {
            return ReadStatus.Missing;
        }
        catch (IOException ex)
        {
            LastError = ex.Message;
            return ReadStatus.Failed;
        }
        catch (UnauthorizedAccessException ex)
        {
            LastError = ex.Message;
            return ReadStatus.Failed;
        }

        if (_chars.Length < total)
        {
            _chars = new char[_bytes.Length];
        }

        int count = Encoding.UTF8.GetChars(_bytes.AsSpan(0, total), _chars);
        text = _chars.AsSpan(0, count);
        return ReadStatus.Ok;
    }

    /// <summary>Reads a one-line sysfs attribute as a trimmed string; <c>null</c> when missing, unreadable or empty.</summary>
    public string? ReadLine(string path)
    {
        if (Read(path, out var text) != ReadStatus.Ok)
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.IsEmpty ? null : trimmed.ToString();
    }
}
