namespace NodeAgent.Services.Systemd;

/// <summary>Log lines of the systemd client (category <c>NodeAgent.Services.Systemd.SystemdClient</c>).</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "services.systemd: {Verb} {Unit}: job {Result}")]
    internal static partial void JobEnded(ILogger logger, string verb, string unit, string result);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "services.systemd: {Verb} {Unit}: {Changes}")]
    internal static partial void UnitFilesChanged(ILogger logger, string verb, string unit, string changes);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "services.systemd: limits for {Unit} written to {Path}")]
    internal static partial void DropInWritten(ILogger logger, string unit, string path);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "services.systemd: limits for {Unit} removed ({Path})")]
    internal static partial void DropInRemoved(ILogger logger, string unit, string path);
}
