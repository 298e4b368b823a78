namespace NodeAgent.Services.Systemd;

/// <summary>
/// Whether there is a systemd to talk to, decided from files before any connection is tried, so the agent can say
/// exactly what is missing. The test is systemd's own <c>sd_booted()</c>: <c>/run/systemd/system</c> exists only
/// when systemd is PID 1 (a container without systemd, a chroot or another init has none).
/// </summary>
internal static class SystemdPresence
{
    private const string BootedMarker = "/run/systemd/system";
    private const string SystemBusSocket = "/run/dbus/system_bus_socket";

    /// <summary>The system bus address to connect to.</summary>
    /// <exception cref="SystemdUnavailableException">systemd is not PID 1, or there is no system bus socket.</exception>
    internal static string BusAddress(SystemdOptions options)
    {
        string marker = options.UnderRoot(BootedMarker);
        if (!Directory.Exists(marker))
        {
            throw new SystemdUnavailableException(
                $"systemd is not running as PID 1 ({marker} does not exist; PID 1 is '{Pid1(options)}'): services cannot be managed on this machine. " +
                "Run the agent on a system booted with systemd to install and run services; everything else works as usual.");
        }

        // The product honours DBUS_SYSTEM_BUS_ADDRESS like every D-Bus client; a test root always uses its own socket.
        string? fromEnvironment = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        if (options.Root == "/" && !string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        string socket = options.UnderRoot(SystemBusSocket);
        if (!Path.Exists(socket))
        {
            throw new SystemdUnavailableException(
                $"service management unavailable: systemd runs but there is no D-Bus system bus ({socket} does not exist). " +
                "Install the 'dbus' package and start dbus.service.");
        }

        return "unix:path=" + socket;
    }

    private static string Pid1(SystemdOptions options)
    {
        try
        {
            return File.ReadAllText(options.UnderRoot("/proc/1/comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
