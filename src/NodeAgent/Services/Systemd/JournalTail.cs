using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// The last lines a unit logged: <c>journalctl -u UNIT -n N -o json --no-pager</c>, one JSON object per line, read
/// with <see cref="JournalJson"/>. journalctl rather than the journal files: their format is systemd's to change.
/// </summary>
public sealed class JournalTail(CommandHost host)
{
    /// <summary>Most lines one request may ask for.</summary>
    public const int MaxLines = 1000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The unit's last <paramref name="lines"/> journal entries, oldest first.</summary>
    /// <exception cref="ArgumentException">Bad unit name or line count.</exception>
    /// <exception cref="SystemdException">journalctl is missing or failed.</exception>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(string unit, int lines, CancellationToken cancellationToken = default)
    {
        UnitName.Validate(unit);
        if (lines is < 1 or > MaxLines)
        {
            throw new ArgumentOutOfRangeException(nameof(lines), lines, $"ask for 1-{MaxLines} journal lines");
        }

        string[] arguments = ["-u", unit, "-n", lines.ToString(CultureInfo.InvariantCulture), "-o", "json", "--no-pager", "-q"];
        var entries = new List<JournalEntry>();
        var errors = new StringBuilder();
        int exitCode;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            exitCode = await host.RunAsync(
                "journalctl", arguments,
                line =>
                {
                    if (JournalJson.TryParse(Encoding.UTF8.GetBytes(line), out JournalEntry? entry))
                    {
                        entries.Add(entry);
                    }
                },
                line => errors.AppendLine(line),
                timeout.Token).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new SystemdException($"cannot read the journal of {unit}: journalctl could not be started ({e.Message})", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SystemdException($"journalctl did not answer within {Timeout.TotalSeconds:0} s for {unit}");
        }

        if (exitCode != 0)
        {
            throw new SystemdException($"journalctl failed for {unit} (exit {exitCode}): {errors.ToString().Trim()}");
        }

        return entries;
    }
}
