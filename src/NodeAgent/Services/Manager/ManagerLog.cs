namespace NodeAgent.Services.Manager;

internal static partial class ManagerLog
{
    [LoggerMessage(1, LogLevel.Warning, "services: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "services: managing {Count} services ({States})")]
    public static partial void Started(ILogger logger, int count, string states);

    [LoggerMessage(3, LogLevel.Information, "services: {Id} {From} → {To}: {Detail}")]
    public static partial void Transition(ILogger logger, string id, string from, string to, string detail);

    [LoggerMessage(4, LogLevel.Warning, "services: the state of {Id} could not be read: {Reason}")]
    public static partial void Unreadable(ILogger logger, string id, string reason);

    [LoggerMessage(5, LogLevel.Error, "services: the health probe of {Id} stopped unexpectedly")]
    public static partial void ProbeCrashed(ILogger logger, string id, Exception e);

    [LoggerMessage(6, LogLevel.Debug, "services: the journal of {Id} could not be read: {Reason}")]
    public static partial void JournalUnread(ILogger logger, string id, string reason);

    [LoggerMessage(7, LogLevel.Warning, "services: {Id}: {Operation} failed: {Reason}")]
    public static partial void OperationFailed(ILogger logger, string id, string operation, string reason);

    [LoggerMessage(8, LogLevel.Warning, "services: {Id}: the owner overrode the fit check: {Summary}")]
    public static partial void FitOverridden(ILogger logger, string id, string summary);
}
