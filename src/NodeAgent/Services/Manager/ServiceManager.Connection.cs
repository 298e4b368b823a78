using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

public sealed partial class ServiceManager
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When the bus connection ends (dbus restarted, an upgrade), the manager says so, drops its unit watches (they
    /// lived on that connection) and connects again, 1 s, 2 s … 1 min apart; then it reads every state anew. Probes go
    /// on meanwhile: they do not need systemd.
    /// </summary>
    private async Task KeepConnectedAsync(ISystemd systemd)
    {
        try
        {
            await systemd.Closed.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the agent stops
        }
        catch (Exception e) when (e is SystemdException or Tmds.DBus.Protocol.DBusExceptionBase)
        {
            // Closed faults with the reason the connection ended: it ended all the same.
        }
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        _unavailable = "the connection to systemd was lost (was dbus restarted?); the agent is reconnecting, try again in a moment";
        ManagerLog.Unavailable(_logger, _unavailable);
        foreach (var service in _services.Values)
        {
            Unwatch(service);
        }
        await systemd.DisposeAsync().ConfigureAwait(false);
        var wait = FirstRetry;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _time, _stopping.Token).ConfigureAwait(false);
                await ConnectAsync(_stopping.Token).ConfigureAwait(false);
                return;
            }
            catch (SystemdUnavailableException e)
            {
                ManagerLog.Unreadable(_logger, "systemd", e.Message);
                wait = wait * 2 < LastRetry ? wait * 2 : LastRetry;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Connects, reads every service's state, and starts following the connection.</summary>
    /// <exception cref="SystemdUnavailableException">No systemd to talk to.</exception>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var systemd = await _system.ConnectSystemd(cancellationToken).ConfigureAwait(false);
        _systemd = systemd;
        _unavailable = null;
        foreach (var service in _services.Values)
        {
            await RefreshAsync(service, cancellationToken).ConfigureAwait(false);
        }
        _ = Task.Run(() => KeepConnectedAsync(systemd), CancellationToken.None);
    }
}
