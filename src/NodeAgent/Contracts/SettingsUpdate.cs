namespace NodeAgent.Contracts;

/// <summary>A change to the node's settings; fields left null stay as they are.</summary>
/// <param name="Name">New node name (a DNS label).</param>
/// <param name="Community">New community name; empty leaves the community.</param>
public sealed record SettingsUpdate(string? Name, string? Community);
