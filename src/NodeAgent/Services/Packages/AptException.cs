namespace NodeAgent.Services.Packages;

/// <summary>
/// apt or dpkg failed. The message carries the command, its exit code and apt's last lines (what a person would have
/// read on the terminal), so the cause (no such package, no network, a broken maintainer script, a held lock) is visible.
/// </summary>
public sealed class AptException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The last lines apt and dpkg printed, oldest first.</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];
}
