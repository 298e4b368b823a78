namespace NodeAgent.Feedback;

/// <summary>What the status screen shows besides the state; null where not known (yet).</summary>
/// <param name="NodeName">The node's name.</param>
/// <param name="Address">An address to reach it by, IPv4 preferred.</param>
/// <param name="MemoryAvailablePercent">MemAvailable as a share of MemTotal.</param>
/// <param name="DiskUsedPercent">Use of the fullest writable file system.</param>
internal sealed record ScreenFacts(string NodeName, string? Address, double? MemoryAvailablePercent, double? DiskUsedPercent);
