using System.Text;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// The agent's drop-in per unit: <c>/etc/systemd/system/UNIT.d/50-nodeagent.conf</c>. It is the only file the agent
/// writes for a unit, so the package's unit file stays the package's and removing the drop-in undoes everything.
/// </summary>
public sealed partial class SystemdClient
{
    /// <summary>The drop-in's file name: 50 leaves room for the owner's own drop-ins to win (later names override).</summary>
    public const string DropInFileName = "50-nodeagent.conf";

    /// <summary>Where the agent's drop-in for <paramref name="unit"/> lives (under <see cref="SystemdOptions.Root"/>).</summary>
    public string DropInPath(string unit) =>
        _options.UnderRoot($"/etc/systemd/system/{UnitName.Validate(unit)}.d/{DropInFileName}");

    /// <inheritdoc />
    public async Task<bool> WriteDropInAsync(string unit, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = DropInPath(unit);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) == content)
        {
            return false;
        }

        try
        {
            // After a power cut systemd sees the old drop-in or the new one, never half of one.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Storage.AtomicFile.Write(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SystemdException($"could not write the drop-in for {unit} at {path}: {e.Message}", e);
        }

        SystemdLog.DropInWritten(_logger, unit, path);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveDropInAsync(string unit, CancellationToken cancellationToken = default)
    {
        string path = DropInPath(unit);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            File.Delete(path);
            // The directory is the agent's too when nothing else is in it.
            string directory = Path.GetDirectoryName(path)!;
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SystemdException($"could not remove the drop-in for {unit} at {path}: {e.Message}", e);
        }

        SystemdLog.DropInRemoved(_logger, unit, path);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
