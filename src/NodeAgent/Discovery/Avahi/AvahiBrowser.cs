using System.Threading.Channels;
using NodeAgent.Configuration;
using Tmds.DBus.Protocol;

namespace NodeAgent.Discovery.Avahi;

/// <summary>
/// Search's view of the LAN: browses every service type avahi-daemon sees, resolves each service, and keeps those an
/// agent published (<see cref="AvahiLanView"/>). avahi-daemon may be absent at start, stop or restart: the browser
/// follows its name on the system bus, reports the backend down while it is gone, forgets what it said, and browses
/// again when it is back. Signals are handled one at a time in order, so a removal never races its own resolution.
/// </summary>
internal sealed partial class AvahiBrowser(
    AvahiDiscoveryOptions options,
    AvahiLanView view,
    DiscoveryStatus status,
    ILogger<AvahiBrowser> logger) : BackgroundService, IDiscoveryBackend
{
    /// <summary>Service types browsed at most: each is a browser object in avahi-daemon, which limits them per client.</summary>
    public const int MaxTypes = 64;

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public DiscoveryStatus Status => status;

    public long Rejected => view.Rejected;

    public void Collect(List<BackendNode> nodes) => view.Collect(nodes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(() => backoff = TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DBusExceptionBase or TimeoutException or InvalidOperationException)
            {
                status.Disconnected($"the D-Bus system bus at {options.BusAddress}: {e.Message}");
                Log.BusLost(logger, options.BusAddress, e.Message);
            }
            view.Clear();
            try
            {
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
        view.Clear();
    }

    /// <summary>One connection to the bus: until it ends (an exception) or the agent stops.</summary>
    private async Task SessionAsync(Action connected, CancellationToken token)
    {
        using var bus = new DBusConnection(options.BusAddress);
        await bus.ConnectAsync().AsTask().WaitAsync(CallTimeout, token).ConfigureAwait(false);
        connected();
        var signals = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        void Post<T>(Notification<T> n)
        {
            if (n.HasValue)
            {
                signals.Writer.TryWrite(n.Value!);
            }
            else if (n.IsCompletion)
            {
                signals.Writer.TryComplete(n.CompletionReason ?? new InvalidOperationException("the bus connection ended"));
            }
        }
        const ObserverFlags ends = ObserverFlags.EmitOnConnectionClosed | ObserverFlags.EmitOnConnectionFailed;
        using var owner = await bus.WatchSignalAsync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameOwnerChanged",
            ReadOwnerChange, (Notification<OwnerChanged> n) => Post(n), ends, emitOnCapturedContext: false).ConfigureAwait(false);
        using var types = await bus.WatchSignalAsync(null, null, TypeBrowserInterface, "ItemNew",
            ReadType, (Notification<TypeFound> n) => Post(n), ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);
        using var added = await bus.WatchSignalAsync(null, null, ServiceBrowserInterface, "ItemNew",
            ReadItem, (Notification<BrowserSignal> n) => Post(n), ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);
        using var removed = await bus.WatchSignalAsync(null, null, ServiceBrowserInterface, "ItemRemove",
            ReadItem, (Notification<BrowserSignal> n) => Post(n), ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);

        var browsers = new HashSet<string>(StringComparer.Ordinal);
        var browsed = new HashSet<(string, string)>();
        await BrowseAsync(bus, browsers, token).ConfigureAwait(false);
        await foreach (var signal in signals.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            switch (signal)
            {
                case OwnerChanged { Name: AvahiName } change:
                    // avahi-daemon left or came back: its browsers went with it.
                    view.Clear();
                    browsers.Clear();
                    browsed.Clear();
                    if (change.Owner.Length > 0)
                    {
                        await BrowseAsync(bus, browsers, token).ConfigureAwait(false);
                    }
                    else
                    {
                        status.Disconnected("avahi-daemon stopped (it left the D-Bus system bus)");
                        Log.DaemonAbsent(logger);
                    }
                    break;
                case TypeFound (var type, var domain) when browsed.Count < MaxTypes && ServiceRules.IsValidType(type) && browsed.Add((type, domain)):
                    var path = await bus.CallMethodAsync(ServiceBrowserPrepare(bus, type, domain), ReadPath).WaitAsync(CallTimeout, token).ConfigureAwait(false);
                    browsers.Add(path);
                    await bus.CallMethodAsync(Start(bus, path, ServiceBrowserInterface)).WaitAsync(CallTimeout, token).ConfigureAwait(false);
                    break;
                case BrowserSignal { Member: "ItemNew" } item when browsers.Contains(item.Path):
                    await ResolveAsync(bus, item.Item, token).ConfigureAwait(false);
                    break;
                case BrowserSignal { Member: "ItemRemove" } item when browsers.Contains(item.Path):
                    view.Remove(item.Item);
                    break;
            }
        }
        throw new InvalidOperationException("the bus connection ended");
    }

    /// <summary>Starts the type browser when avahi-daemon is on the bus; reports the backend either way.</summary>
    private async Task BrowseAsync(DBusConnection bus, HashSet<string> browsers, CancellationToken token)
    {
        string version;
        try
        {
            version = await bus.CallMethodAsync(ServerCall(bus, "GetVersionString"), ReadString).WaitAsync(CallTimeout, token).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            status.Disconnected($"avahi-daemon is not running (not on the D-Bus system bus at {options.BusAddress})");
            Log.DaemonAbsent(logger);
            return; // its name appearing on the bus brings us back here
        }
        var path = await bus.CallMethodAsync(TypeBrowserPrepare(bus), ReadPath).WaitAsync(CallTimeout, token).ConfigureAwait(false);
        browsers.Add(path);
        await bus.CallMethodAsync(Start(bus, path, TypeBrowserInterface)).WaitAsync(CallTimeout, token).ConfigureAwait(false);
        status.Connected($"browsing the LAN through {version}");
        Log.Browsing(logger, version);
    }

    private async Task ResolveAsync(DBusConnection bus, AvahiLanView.Instance item, CancellationToken token)
    {
        try
        {
            var r = await bus.CallMethodAsync(ResolveService(bus, item), ReadResolved).WaitAsync(CallTimeout, token).ConfigureAwait(false);
            if (!view.Resolve(item, r.Host, r.Address, r.Port, r.Txt) && r.Txt.Count > 0)
            {
                Log.NotAgent(logger, item.Name, item.Type);
            }
        }
        catch (Exception e) when (e is DBusErrorReplyException or TimeoutException)
        {
            // Announced but not answering (gone meanwhile, or a resolver timeout): it is not shown.
            Log.Unresolved(logger, item.Name, item.Type, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "discovery.avahi: browsing the LAN through {Version}")]
        public static partial void Browsing(ILogger logger, string version);

        [LoggerMessage(2, LogLevel.Warning, "discovery.avahi: avahi-daemon is not on the system bus; browsing starts when it is")]
        public static partial void DaemonAbsent(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "discovery.avahi: lost the D-Bus system bus at {Address}: {Reason}")]
        public static partial void BusLost(ILogger logger, string address, string reason);

        [LoggerMessage(4, LogLevel.Debug, "discovery.avahi: '{Name}' ({Type}) is not an agent's service or was refused")]
        public static partial void NotAgent(ILogger logger, string name, string type);

        [LoggerMessage(5, LogLevel.Debug, "discovery.avahi: '{Name}' ({Type}) did not resolve: {Reason}")]
        public static partial void Unresolved(ILogger logger, string name, string type, string reason);
    }
}
