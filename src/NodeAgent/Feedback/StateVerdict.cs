namespace NodeAgent.Feedback;

/// <summary>The state that won and why, in words for the API and the log.</summary>
internal sealed record StateVerdict(NodeState State, string Reason);
