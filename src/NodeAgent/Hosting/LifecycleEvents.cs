using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>Records the agent's start and clean stop in the event log, so an unclean stop shows as a missing "stopped".</summary>
internal sealed partial class LifecycleEvents(EventLog events, NodeContext node, ILogger<LifecycleEvents> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Append("agent.started", $"NodeAgent {AgentVersion.Current} started as '{node.Settings.Name}'");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Append("agent.stopped", $"NodeAgent stopped after {TimeSpan.FromSeconds(Math.Round(node.AgentUptimeSeconds))}");
        return Task.CompletedTask;
    }

    private void Append(string kind, string message)
    {
        try
        {
            events.Append(kind, EventSeverity.Info, message);
        }
        catch (StoreWriteException e)
        {
            // A full disk must not stop the agent from starting or stopping: it is reported by /healthz instead.
            Log.NotRecorded(logger, kind, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Event {Kind} not recorded: {Reason}")]
        public static partial void NotRecorded(ILogger logger, string kind, string reason);
    }
}
