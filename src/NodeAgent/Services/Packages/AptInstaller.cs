using System.ComponentModel;

namespace NodeAgent.Services.Packages;

/// <summary>
/// Installs and removes Debian packages with <c>apt-get</c>, reporting progress from apt's status lines
/// (<c>-o APT::Status-Fd=1</c>: they arrive on the output stream, prefixed, beside apt's ordinary lines).
/// <para>
/// Non-interactive: <c>DEBIAN_FRONTEND=noninteractive</c>, existing configuration files kept
/// (<c>--force-confdef --force-confold</c>), no recommends, and apt waits up to two minutes for another apt to release
/// its lock instead of failing at once. Cancellation stops a run while it downloads; once dpkg has started changing
/// the system the run is let finish, because a dpkg killed half-way leaves packages half-configured.
/// </para>
/// </summary>
public sealed class AptInstaller(CommandHost host, ILogger<AptInstaller> logger)
{
    /// <summary>Creates a manifest's system user where it is missing, where apt runs (see <see cref="SystemUsers"/>).</summary>
    /// <exception cref="AptException">It could not be created.</exception>
    public Task EnsureUserAsync(Catalogue.SystemUser user, string service, CancellationToken cancellationToken) =>
        new SystemUsers(host, logger).EnsureAsync(user, service, cancellationToken);

    /// <summary>How many of apt's last lines an error carries.</summary>
    internal const int LinesKept = 12;

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["DEBIAN_FRONTEND"] = "noninteractive",
        ["APT_LISTCHANGES_FRONTEND"] = "none",
    };

    /// <summary><c>apt-get install -y --no-install-recommends PACKAGES</c>.</summary>
    /// <exception cref="ArgumentException">A name is not a Debian package name (nothing was run).</exception>
    /// <exception cref="AptException">apt failed; the message has its last lines.</exception>
    public Task InstallAsync(IReadOnlyList<string> packages, IProgress<AptProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync("install", packages, progress, cancellationToken);

    /// <summary><c>apt-get remove -y PACKAGES</c> (configuration files stay, as with a manual remove).</summary>
    /// <exception cref="ArgumentException">A name is not a Debian package name (nothing was run).</exception>
    /// <exception cref="AptException">apt failed; the message has its last lines.</exception>
    public Task RemoveAsync(IReadOnlyList<string> packages, IProgress<AptProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync("remove", packages, progress, cancellationToken);

    private async Task RunAsync(string verb, IReadOnlyList<string> packages, IProgress<AptProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (packages.Count == 0)
        {
            throw new ArgumentException($"apt-get {verb}: name at least one package", nameof(packages));
        }

        foreach (string package in packages)
        {
            DebianPackageName.Validate(package);
        }

        List<string> arguments =
        [
            "-y", "-q", "-o", "APT::Status-Fd=1",
            "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
            "-o", "DPkg::Lock::Timeout=120",
            verb,
        ];
        if (verb == "install")
        {
            arguments.Insert(0, "--no-install-recommends");
        }

        arguments.Add("--");
        arguments.AddRange(packages);
        string command = CommandHost.Describe("apt-get", arguments);
        var lastLines = new Queue<string>();
        var gate = new Lock();
        bool dpkgStarted = false;

        void Keep(string line)
        {
            lock (gate)
            {
                lastLines.Enqueue(line);
                if (lastLines.Count > LinesKept)
                {
                    lastLines.Dequeue();
                }
            }
        }

        void OnOutput(string line)
        {
            if (!AptStatusLine.TryParse(line, out AptProgress? report, out bool isError))
            {
                Keep(line);
                return;
            }

            if (report.Phase == AptPhase.Install)
            {
                Volatile.Write(ref dpkgStarted, true);
            }

            if (isError)
            {
                Keep($"dpkg error ({report.Package}): {report.Message}");
            }

            progress?.Report(report);
        }

        AptLog.Starting(logger, command);
        int exitCode;
        try
        {
            exitCode = await host.RunAsync(
                "apt-get", arguments, OnOutput, Keep, cancellationToken,
                mayKill: () => !Volatile.Read(ref dpkgStarted), environment: Environment).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new AptException($"{command}: apt-get could not be started ({e.Message}); is this a Debian system?", e);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            AptLog.CancelDeferred(logger, command, exitCode);
        }

        if (exitCode != 0)
        {
            string[] lines;
            lock (gate)
            {
                lines = [.. lastLines];
            }

            AptLog.Failed(logger, command, exitCode);
            throw new AptException($"{command} failed (exit {exitCode}): {string.Join(" | ", lines)}") { LastLines = lines };
        }

        // apt's last status line is often short of 100% (triggers run after it): the caller gets a clear end.
        progress?.Report(new AptProgress(AptPhase.Install, 100, null, $"{verb} finished"));
        AptLog.Finished(logger, command);
    }
}
