using System.Diagnostics;
using System.Net.Sockets;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services.Systemd;

/// <summary>
/// Machines without a systemd to manage services with: this host (its PID 1 is not systemd), and roots built to lack
/// one piece at a time. Each says plainly what is missing.
/// </summary>
public sealed class SystemdUnavailableTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("nodeagent-nosystemd-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task ThisHostSaysWhetherItHasSystemd()
    {
        if (Directory.Exists("/run/systemd/system"))
        {
            // A developer machine booted with systemd: the client connects to the real one.
            await using var systemd = await SystemdClient.ConnectAsync();
            Assert.Equal("active", (await systemd.GetUnitStateAsync("dbus.service")).ActiveState);
            return;
        }

        var error = await Assert.ThrowsAsync<SystemdUnavailableException>(() => SystemdClient.ConnectAsync());

        string pid1 = (await File.ReadAllTextAsync("/proc/1/comm")).Trim();
        Assert.StartsWith("systemd is not running as PID 1 (/run/systemd/system does not exist; " +
            $"PID 1 is '{pid1}'): services cannot be managed on this machine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemdWithoutABusSaysToInstallDbus()
    {
        Directory.CreateDirectory(Path.Join(_root.FullName, "run/systemd/system"));

        var error = await Assert.ThrowsAsync<SystemdUnavailableException>(() => SystemdClient.ConnectAsync(new SystemdOptions { Root = _root.FullName }));

        Assert.Contains("there is no D-Bus system bus", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install the 'dbus' package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABusSocketNobodyListensOnIsUnavailable()
    {
        string socket = PrepareBusDirectory();
        // Bound but not listening: connecting is refused, as with the socket file of a bus that died.
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(socket));

        var error = await Assert.ThrowsAsync<SystemdUnavailableException>(() => SystemdClient.ConnectAsync(new SystemdOptions { Root = _root.FullName }));

        Assert.Contains($"the D-Bus system bus at unix:path={socket} did not accept a connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABusWithoutSystemdOnItIsUnavailable()
    {
        string socket = PrepareBusDirectory();
        string config = Path.Join(_root.FullName, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <busconfig>
              <type>custom</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/><allow user="*"/></policy>
            </busconfig>
            """);
        using var bus = System.Diagnostics.Process.Start(new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--print-address"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await bus.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)); // printed once it listens

            var error = await Assert.ThrowsAsync<SystemdUnavailableException>(() => SystemdClient.ConnectAsync(new SystemdOptions { Root = _root.FullName }));

            Assert.Contains("systemd is not on the system bus", error.Message, StringComparison.Ordinal);
            Assert.Contains("org.freedesktop.DBus.Error.ServiceUnknown", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            bus.Kill();
            await bus.WaitForExitAsync();
        }
    }

    private string PrepareBusDirectory()
    {
        Directory.CreateDirectory(Path.Join(_root.FullName, "run/systemd/system"));
        Directory.CreateDirectory(Path.Join(_root.FullName, "run/dbus"));
        return Path.Join(_root.FullName, "run/dbus/system_bus_socket");
    }
}
