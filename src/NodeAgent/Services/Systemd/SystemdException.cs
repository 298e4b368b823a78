namespace NodeAgent.Services.Systemd;

/// <summary>
/// systemd refused or failed a request (an unknown unit, a job that did not finish, a drop-in that could not be
/// written). The message names the unit, the operation and systemd's own error.
/// </summary>
public sealed class SystemdException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The D-Bus error name systemd answered with (e.g. <c>org.freedesktop.systemd1.NoSuchUnit</c>), if any.</summary>
    public string? ErrorName { get; init; }
}
