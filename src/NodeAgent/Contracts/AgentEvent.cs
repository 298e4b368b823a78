namespace NodeAgent.Contracts;

/// <summary>One entry of the node's event log.</summary>
/// <param name="Id">Increasing id; page with <c>?before=</c>.</param>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Kind">Dotted machine-readable kind, e.g. <c>agent.started</c>.</param>
/// <param name="Severity">How much the owner should care.</param>
/// <param name="Message">What happened, in plain words.</param>
public sealed record AgentEvent(long Id, DateTimeOffset Time, string Kind, EventSeverity Severity, string Message);
