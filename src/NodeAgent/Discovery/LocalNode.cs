namespace NodeAgent.Discovery;

/// <summary>Who this node is, as it publishes itself: permanent id, current community and name, guifi.net id.</summary>
internal readonly record struct LocalNode(string Id, string Community, string Name = "", int? GuifiNode = null);
