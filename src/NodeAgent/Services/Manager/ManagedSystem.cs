using NodeAgent.Services.Packages;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

/// <summary>
/// The system whose services the manager runs: its systemd, apt, dpkg, programs and loopback. The product's is this
/// machine (<see cref="Local"/>); tests aim every part at a systemd booted in systemd-nspawn.
/// </summary>
/// <param name="ConnectSystemd">Connects to systemd; throws <see cref="SystemdUnavailableException"/> where there is none.</param>
/// <param name="Apt">Installs and removes packages.</param>
/// <param name="Dpkg">Says whether a package is installed.</param>
/// <param name="Commands">Runs command probes (and journalctl).</param>
/// <param name="Network">Opens the sockets of http and tcp probes.</param>
public sealed record ManagedSystem(
    Func<CancellationToken, Task<ISystemd>> ConnectSystemd,
    AptInstaller Apt,
    DpkgStatus Dpkg,
    CommandHost Commands,
    IProbeNetwork Network)
{
    /// <summary>This machine.</summary>
    public static ManagedSystem Local(ILoggerFactory loggers) => new(
        async ct => await SystemdClient.ConnectAsync(new SystemdOptions(), loggers.CreateLogger<SystemdClient>(), ct).ConfigureAwait(false),
        new AptInstaller(CommandHost.ForPackages(), loggers.CreateLogger<AptInstaller>()),
        new DpkgStatus(CommandHost.Local),
        CommandHost.Local,
        LoopbackProbeNetwork.Instance);
}
