namespace NodeAgent.Services.Systemd;

/// <summary>
/// This machine has no systemd to manage services with: systemd is not PID 1, or the D-Bus system bus is
/// missing, or systemd is not on it. The message says which and what the agent saw; the agent reports it as
/// "service management unavailable: …" and keeps every other feature running.
/// </summary>
public sealed class SystemdUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
