namespace NodeAgent.Services.Packages;

/// <summary>Log lines of package installs (category <c>NodeAgent.Services.Packages.AptInstaller</c>).</summary>
internal static partial class AptLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "services.apt: running {Command}")]
    internal static partial void Starting(ILogger logger, string command);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "services.apt: {Command} finished")]
    internal static partial void Finished(ILogger logger, string command);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "services.apt: {Command} failed with exit code {ExitCode}")]
    internal static partial void Failed(ILogger logger, string command, int exitCode);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning,
        Message = "services.apt: {Command} was cancelled after dpkg had started changing the system; it was let finish (exit {ExitCode})")]
    internal static partial void CancelDeferred(ILogger logger, string command, int exitCode);
}
