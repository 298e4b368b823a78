using NodeAgent.Storage;

namespace NodeAgent.FirstBoot;

/// <summary>
/// Turns a preseed rejection from this boot into an event, so the owner sees in the event log (API, CLI, UI) why
/// the node came up on defaults rather than only in the journal.
/// </summary>
internal sealed partial class PreseedEvents(EventLog events, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<PreseedEvents> logger) : IHostedService
{
    private readonly string _directory = PreseedReport.DefaultDirectory;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After start-up, like the lifecycle events: a durable write must not delay the first answer.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(Record, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Record()
    {
        var bootedAt = time.GetUtcNow() - TimeSpan.FromMilliseconds(Environment.TickCount64);
        if (PreseedReport.ReadRejection(_directory, bootedAt) is not { } report)
        {
            return;
        }
        Log.Rejected(logger, report);
        events.TryAppend(PreseedReport.RejectedKind, PreseedReport.Severity, report, logger);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "firstboot: {Report}")]
        public static partial void Rejected(ILogger logger, string report);
    }
}
