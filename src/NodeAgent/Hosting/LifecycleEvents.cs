using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>Records the agent's start and clean stop in the event log, so an unclean stop shows as a missing "stopped".</summary>
internal sealed partial class LifecycleEvents(EventLog events, NodeContext node, NodeStore store, IHostApplicationLifetime lifetime, ILogger<LifecycleEvents> logger) : IHostedService
{
    private Task _started = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Written once the API is up: a durable write (fsync) must not delay the first answer.
        if (store.RecoveredFrom is { } recovered)
        {
            Log.StoreRecovered(logger, recovered);
        }
        lifetime.ApplicationStarted.Register(() => _started = Task.Run(() =>
        {
            if (store.RecoveredFrom is { } recovered)
            {
                Append("store.recovered", EventSeverity.Error, $"{recovered}: settings, events and history before this start are in the old file");
            }
            Append("agent.started", EventSeverity.Info, $"NodeAgent {AgentVersion.Current} started as '{node.Settings.Name}'");
        }, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _started.ConfigureAwait(false);
        Append("agent.stopped", EventSeverity.Info, $"NodeAgent stopped after {TimeSpan.FromSeconds(Math.Round(node.AgentUptimeSeconds))}");
    }

    // A full disk must not stop the agent from starting or stopping: it is reported by /healthz instead.
    private void Append(string kind, EventSeverity severity, string message) => events.TryAppend(kind, severity, message, logger);

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Error, "Store recovered: {What}")]
        public static partial void StoreRecovered(ILogger logger, string what);
    }
}
