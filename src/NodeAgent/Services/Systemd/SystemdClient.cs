using Tmds.DBus.Protocol;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// A client of systemd's manager over the D-Bus system bus, written against Tmds.DBus.Protocol by hand: each call
/// writes its message and reads its reply explicitly, so nothing is discovered at run time (NativeAOT-clean).
/// <para>
/// <see cref="ConnectAsync"/> first decides whether there is a systemd to talk to at all and, if not, throws a
/// <see cref="SystemdUnavailableException"/> that says why. Calls may run concurrently on one connection. When the
/// connection ends (dbus or systemd restarted), every call fails with a <see cref="SystemdException"/> and
/// <see cref="Closed"/> completes: dispose the client and connect a new one.
/// </para>
/// </summary>
public sealed partial class SystemdClient : ISystemd
{
    internal const string Destination = "org.freedesktop.systemd1";
    internal const string ManagerPath = "/org/freedesktop/systemd1";
    internal const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    internal const string UnitInterface = "org.freedesktop.systemd1.Unit";
    internal const string ServiceInterface = "org.freedesktop.systemd1.Service";
    internal const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    private readonly DBusConnection _connection;
    private readonly SystemdOptions _options;
    private readonly ILogger _logger;
    private readonly JobTracker _jobs = new();
    private IDisposable? _jobWatch;

    private SystemdClient(DBusConnection connection, SystemdOptions options, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        Closed = connection.DisconnectedAsync();
    }

    /// <inheritdoc />
    public Task Closed { get; }

    /// <summary>
    /// Connects to the system bus under <see cref="SystemdOptions.Root"/> and subscribes to systemd's job signals.
    /// </summary>
    /// <exception cref="SystemdUnavailableException">systemd is not the init system, there is no system bus, or systemd is not on it.</exception>
    public static async Task<SystemdClient> ConnectAsync(
        SystemdOptions? options = null, ILogger<SystemdClient>? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= new SystemdOptions();
        string address = SystemdPresence.BusAddress(options);
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(options.CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectFailedException or DBusConnectionException or TimeoutException)
        {
            connection.Dispose();
            throw new SystemdUnavailableException($"service management unavailable: the D-Bus system bus at {address} did not accept a connection ({e.Message})", e);
        }

        var client = new SystemdClient(connection, options, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        try
        {
            await client.SubscribeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SystemdException e) when (e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new SystemdUnavailableException($"service management unavailable: systemd is not on the system bus at {address} ({e.Message})", e);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _jobWatch?.Dispose();
        _connection.Dispose();
        _jobs.FailAll(new SystemdException("the systemd client was disposed"));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// systemd only sends JobRemoved (and unit PropertiesChanged) signals while some client is subscribed; the watch is
    /// added before Subscribe so no job that ends right after is missed.
    /// </summary>
    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        _jobWatch = await _connection.WatchSignalAsync(
            Destination, ManagerPath, ManagerInterface, "JobRemoved",
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                r.ReadUInt32();
                string job = r.ReadObjectPathAsString();
                string unit = r.ReadString();
                string result = r.ReadString();
                return (job, unit, result);
            },
            (Notification<(string Job, string Unit, string Result)> n) =>
            {
                if (n.HasValue)
                {
                    _jobs.Complete(n.Value.Job, n.Value.Result);
                }
                else if (n.IsCompletion)
                {
                    _jobs.FailAll(new SystemdException($"the systemd bus connection ended: {n.CompletionReason?.Message}", n.CompletionReason));
                }
            },
            ObserverFlags.EmitOnConnectionClosed | ObserverFlags.EmitOnConnectionFailed, emitOnCapturedContext: false).ConfigureAwait(false);

        await CallAsync(ManagerCall("Subscribe"), "subscribe to systemd's signals", cancellationToken).ConfigureAwait(false);
    }

    private async Task CallAsync(MessageBuffer message, string what, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.CallMethodAsync(message).WaitAsync(_options.CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.CallMethodAsync(message, reader).WaitAsync(_options.CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>D-Bus errors become <see cref="SystemdException"/>s naming the operation; cancellation passes through.</summary>
    private SystemdException? Translate(Exception e, string what) => e switch
    {
        DBusErrorReplyException reply => new SystemdException($"systemd could not {what}: {reply.ErrorMessage} ({reply.ErrorName})", e) { ErrorName = reply.ErrorName },
        TimeoutException => new SystemdException($"systemd did not answer within {_options.CallTimeout.TotalSeconds:0} s to {what}", e),
        DBusExceptionBase => new SystemdException($"could not {what}: {e.Message}", e),
        _ => null,
    };
}
