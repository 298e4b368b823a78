using System.Globalization;
using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

/// <summary>
/// statvfs answers from the fixture's <c>statvfs</c> file (see fixtures/hosts/README.md);
/// a mount point missing there fails like an unreachable mount would. The file is read on
/// every call so a test can rewrite it between samples.
/// </summary>
internal sealed class FixtureFileSystemStats : IFileSystemStats
{
    private readonly Dictionary<string, FileSystemStats> _stats = new(StringComparer.Ordinal);
    private readonly string _file;

    public FixtureFileSystemStats(string root) => _file = Path.Combine(root, "statvfs");

    private void Load(string file)
    {
        _stats.Clear();
        if (!File.Exists(file))
        {
            return;
        }

        foreach (string line in File.ReadAllLines(file))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7)
            {
                continue;
            }

            ulong N(int i) => ulong.Parse(f[i], CultureInfo.InvariantCulture);
            _stats[MountTable.Unescape(f[0])] = new FileSystemStats(N(1), N(2), N(3), N(4), N(5), N(6), f.Length > 7 && f[7] == "ro");
        }
    }

    public bool TryGetStats(string mountPoint, out FileSystemStats stats, out string? failure)
    {
        Load(_file);
        failure = _stats.TryGetValue(mountPoint, out stats) ? null : "not in the fixture's statvfs file";
        return failure is null;
    }
}
