using System.ComponentModel;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Packages;

/// <summary>
/// Creates the system user a manifest names (<c>systemUser</c>) for template units whose package makes none, such as
/// <c>syncthing@syncthing.service</c>: without it systemd cannot start the unit (exit status 217, USER). It runs
/// where apt runs (outside the agent's sandbox, which keeps /etc read-only), and only when the user is missing. A
/// user and its home are never removed with the service: the home holds what the service's users saved.
/// </summary>
public sealed partial class SystemUsers(CommandHost host, ILogger logger)
{
    /// <summary>Makes sure <paramref name="user"/> exists: no login shell, no password, its own group, its home made.</summary>
    /// <exception cref="AptException">getent or useradd failed; the message has their words.</exception>
    public async Task EnsureAsync(SystemUser user, string service, CancellationToken cancellationToken)
    {
        if (await RunAsync("getent", ["passwd", user.Name], cancellationToken).ConfigureAwait(false) is (0, _))
        {
            return;
        }
        string[] arguments =
        [
            "--system", "--user-group", "--home-dir", user.Home, "--create-home", "--shell", "/usr/sbin/nologin",
            "--comment", $"NodeAgent service {service}", "--", user.Name, // GECOS: no colon
        ];
        var (exit, errors) = await RunAsync("useradd", arguments, cancellationToken).ConfigureAwait(false);
        // 9: the name is taken, created meanwhile (by the package, or by hand): what was wanted.
        if (exit is not (0 or 9))
        {
            throw new AptException($"{CommandHost.Describe("useradd", arguments)} failed (exit {exit}): {errors}");
        }
        Log.Created(logger, user.Name, user.Home, service);
    }

    private async Task<(int Exit, string Errors)> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            var exit = await host.RunAsync(program, arguments, _ => { }, line => { lock (errors) { errors.Add(line); } }, cancellationToken).ConfigureAwait(false);
            lock (errors)
            {
                return (exit, string.Join(" | ", errors.TakeLast(3)));
            }
        }
        catch (Win32Exception e)
        {
            throw new AptException($"{program} could not be started ({e.Message}); is this a Debian system?", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Information, "services.users: system user {Name} (home {Home}) created for {Service}")]
        public static partial void Created(ILogger logger, string name, string home, string service);
    }
}
