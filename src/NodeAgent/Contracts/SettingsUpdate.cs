namespace NodeAgent.Contracts;

/// <summary>A change to the node's settings; fields left null stay as they are.</summary>
/// <param name="Name">New node name (a DNS label).</param>
/// <param name="Community">New community name; empty leaves the community.</param>
/// <param name="LanReadOnly">Open reads of the API to the whole LAN (true) or to loopback and owners only (false).</param>
public sealed record SettingsUpdate(string? Name, string? Community, bool? LanReadOnly = null);
