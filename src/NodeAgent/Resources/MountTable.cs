namespace NodeAgent.Resources;

/// <summary>
/// The watched mounts from <c>/proc/mounts</c>. Mounts rarely change, so the text of the last
/// parse is kept and an unchanged file costs one comparison instead of a list of new strings.
/// </summary>
internal sealed class MountTable
{
    private char[] _lastText = [];
    private int _lastLength = -1;
    private IReadOnlyList<MountEntry> _watched = [];

    public IReadOnlyList<MountEntry> Update(ReadOnlySpan<char> mounts)
    {
        if (_lastLength == mounts.Length && mounts.SequenceEqual(_lastText.AsSpan(0, _lastLength)))
        {
            return _watched;
        }

        if (_lastText.Length < mounts.Length)
        {
            _lastText = new char[mounts.Length];
        }

        mounts.CopyTo(_lastText);
        _lastLength = mounts.Length;
        _watched = Parse(mounts);
        return _watched;
    }

    /// <summary>Parses and filters; malformed lines are skipped (one bad line must not hide "/").</summary>
    internal static List<MountEntry> Parse(ReadOnlySpan<char> mounts)
    {
        var watched = new List<MountEntry>();
        foreach (var line in mounts.EnumerateLines())
        {
            var fields = new FieldReader(line);
            if (!fields.TryNext(out var device) || !fields.TryNext(out var at) ||
                !fields.TryNext(out var type) || !fields.TryNext(out var options))
            {
                continue;
            }

            bool readOnly = options.StartsWith("ro") && (options.Length == 2 || options[2] == ',');
            var entry = new MountEntry(Unescape(device), Unescape(at), type.ToString(), readOnly);
            if (!MountPolicy.IsWatched(entry))
            {
                continue;
            }

            Add(watched, entry);
        }

        return watched;
    }

    private static void Add(List<MountEntry> watched, MountEntry entry)
    {
        bool isBlockDevice = entry.Device.StartsWith('/');
        for (int i = 0; i < watched.Count; i++)
        {
            var seen = watched[i];
            if (seen.MountPoint == entry.MountPoint)
            {
                // Mounted over: the later mount is the one visible at that path.
                watched[i] = entry;
                return;
            }

            if (isBlockDevice && seen.Device == entry.Device && seen.FsType == entry.FsType)
            {
                // A bind mount (or a second btrfs subvolume) of a filesystem already listed:
                // same blocks, so keep the first, which is normally the original mount.
                return;
            }
        }

        watched.Add(entry);
    }

    /// <summary>Decodes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash).</summary>
    internal static string Unescape(ReadOnlySpan<char> field)
    {
        if (field.IndexOf('\\') < 0)
        {
            return field.ToString();
        }

        var chars = new char[field.Length];
        int n = 0;
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                chars[n++] = (char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0'));
                i += 3;
            }
            else
            {
                chars[n++] = field[i];
            }
        }

        return new string(chars, 0, n);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
