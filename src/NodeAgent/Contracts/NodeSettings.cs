namespace NodeAgent.Contracts;

/// <summary>The node's settings in force, and where each came from.</summary>
/// <param name="Name">Node name.</param>
/// <param name="NameSource"><c>saved</c> (changed by the owner) or <c>config</c>.</param>
/// <param name="Community">Community name; empty when in none.</param>
/// <param name="CommunitySource"><c>saved</c> or <c>config</c>.</param>
/// <param name="LanReadOnly">Reads of the API are open to the whole LAN without an owner session (changes never are).</param>
public sealed record NodeSettings(string Name, string NameSource, string Community, string CommunitySource, bool LanReadOnly = false);
