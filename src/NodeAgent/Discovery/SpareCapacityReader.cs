using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery;

/// <summary>What a node announces as spare: available memory, space on the root filesystem, one-minute load.</summary>
internal static class SpareCapacityReader
{
    public static SpareCapacity? From(ResourceSnapshot snapshot)
    {
        var root = snapshot.FileSystems.FirstOrDefault(f => f.MountPoint == "/");
        var spare = new SpareCapacity(snapshot.Memory?.AvailableBytes, root?.AvailableBytes, snapshot.Load?.Load1);
        return spare is { MemAvailableBytes: null, DiskAvailableBytes: null, Load1: null } ? null : spare;
    }
}
