namespace NodeAgent.Contracts;

/// <summary>What <c>nodeagent status --json</c> prints: the node and its health together.</summary>
/// <param name="Node">From <c>/api/v1/node</c>.</param>
/// <param name="Health">From <c>/healthz</c>.</param>
public sealed record NodeStatus(NodeInfo Node, HealthReport Health);
