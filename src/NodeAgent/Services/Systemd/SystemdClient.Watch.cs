using Tmds.DBus.Protocol;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// ActiveState changes of one unit, from its <c>PropertiesChanged</c> signal: no polling. systemd announces them only
/// while a client is subscribed, which <see cref="ConnectAsync"/> did.
/// </summary>
public sealed partial class SystemdClient
{
    /// <inheritdoc />
    /// <remarks>Notifications arrive one at a time, in order, on a thread of the connection: keep the callback short.</remarks>
    public async Task<IDisposable> WatchActiveStateAsync(string unit, Action<string> onActiveState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onActiveState);
        string path = await LoadUnitAsync(unit, cancellationToken).ConfigureAwait(false);
        // systemd repeats ActiveState in every PropertiesChanged of the unit (a reload, a new drop-in): pass on changes only.
        string? last = null;
        try
        {
            return await _connection.WatchPropertiesChangedAsync(
                Destination, path, UnitInterface,
                static (Message m, object? _) => ReadActiveState(m),
                (Notification<string?> n) =>
                {
                    if (n.HasValue && n.Value is { } state && state != last)
                    {
                        last = state;
                        onActiveState(state);
                    }
                },
                ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);
        }
        catch (DBusExceptionBase e)
        {
            throw new SystemdException($"could not watch {unit}: {e.Message}", e);
        }
    }

    /// <summary><c>PropertiesChanged(s interface, a{sv} changed, as invalidated)</c>: ActiveState if it is among the changed.</summary>
    private static string? ReadActiveState(Message message)
    {
        Reader reader = message.GetBodyReader();
        reader.ReadString();
        string? state = null;
        ArrayEnd end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string key = reader.ReadString();
            VariantValue value = reader.ReadVariantValue();
            if (key == "ActiveState")
            {
                state = value.GetString();
            }
        }

        return state;
    }
}
