namespace NodeAgent.Contracts.Discovery;

/// <summary>What a node has left for more services, rounded (memory to 16 MiB, disk to 256 MiB, load to 0.1).</summary>
/// <param name="MemAvailableBytes">Memory available without swapping.</param>
/// <param name="DiskAvailableBytes">Space available on the root filesystem.</param>
/// <param name="Load1">One-minute load average.</param>
public sealed record SpareCapacity(long? MemAvailableBytes, long? DiskAvailableBytes, double? Load1);
