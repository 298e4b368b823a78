namespace NodeAgent.Discovery;

/// <summary>Who this node is, as it publishes itself: permanent id and current community.</summary>
internal readonly record struct LocalNode(string Id, string Community);
