using Tmds.DBus.Protocol;

namespace NodeAgent.Services.Systemd;

/// <summary>Enable, disable, reset-failed and daemon-reload.</summary>
public sealed partial class SystemdClient
{
    /// <inheritdoc />
    public Task EnableAsync(string unit, CancellationToken cancellationToken = default) =>
        ChangeUnitFileAsync("EnableUnitFiles", "enable", unit, cancellationToken);

    /// <inheritdoc />
    public Task DisableAsync(string unit, CancellationToken cancellationToken = default) =>
        ChangeUnitFileAsync("DisableUnitFiles", "disable", unit, cancellationToken);

    /// <inheritdoc />
    public Task ResetFailedAsync(string unit, CancellationToken cancellationToken = default) =>
        CallAsync(ManagerCall("ResetFailedUnit", UnitName.Validate(unit)), $"reset the failed state of {unit}", cancellationToken);

    /// <inheritdoc />
    public Task ReloadAsync(CancellationToken cancellationToken = default) =>
        CallAsync(ManagerCall("Reload"), "reload its unit files (daemon-reload)", cancellationToken);

    /// <summary>The change is made to the unit files at once, but systemd sees it only after a reload, done here too.</summary>
    private async Task ChangeUnitFileAsync(string member, string verb, string unit, CancellationToken cancellationToken)
    {
        UnitName.Validate(unit);
        List<string> changes = await CallAsync<List<string>>(
            UnitFilesCall(member, unit),
            member == "EnableUnitFiles" ? ReadEnableReply : ReadDisableReply,
            $"{verb} {unit}", cancellationToken).ConfigureAwait(false);
        SystemdLog.UnitFilesChanged(_logger, verb, unit, changes.Count == 0 ? "nothing to change" : string.Join("; ", changes));
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>(b carries_install_info, a(sss) changes)</c>: the flag is false for units without [Install]; the changes say what happened.</summary>
    private static List<string> ReadEnableReply(Message message, object? state)
    {
        Reader reader = message.GetBodyReader();
        reader.ReadBool();
        return ReadChanges(ref reader);
    }

    private static List<string> ReadDisableReply(Message message, object? state)
    {
        Reader reader = message.GetBodyReader();
        return ReadChanges(ref reader);
    }
}
