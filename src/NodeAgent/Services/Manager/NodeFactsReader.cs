using System.Runtime.InteropServices;
using NodeAgent.Boards;
using NodeAgent.Contracts;
using NodeAgent.Services.Fit;
using NodeAgent.Services.Pressure;

namespace NodeAgent.Services.Manager;

/// <summary>The fit check's view of the node, from the latest resource sample.</summary>
internal static class NodeFactsReader
{
    private const long Mebibyte = 1024 * 1024;

    /// <summary>A figure the sample lacks counts as 0, so the fit check refuses (and says "0 MB free") rather than promising.</summary>
    public static NodeFacts From(ResourceSnapshot snapshot)
    {
        var root = snapshot.FileSystems.FirstOrDefault(f => f.MountPoint == "/");
        return new NodeFacts(
            RuntimeInformation.OSArchitecture == Architecture.Arm64 ? BoardArch.Arm64 : BoardArch.Amd64,
            Mb(snapshot.Memory?.TotalBytes),
            Mb(snapshot.Memory?.AvailableBytes),
            Mb(root?.AvailableBytes),
            snapshot.Cpu?.Cores.Count is > 0 and var cores ? cores : Environment.ProcessorCount);
    }

    /// <summary>What the pressure shedder decides on; null without a memory figure.</summary>
    public static PressureReading? Pressure(ResourceSnapshot snapshot) => snapshot.Memory is { } memory
        ? new PressureReading(Mb(memory.AvailableBytes), snapshot.Pressure?.Memory?.Some.Avg10, snapshot.Pressure?.Memory?.Full?.Avg10)
        : null;

    private static int Mb(long? bytes) => (int)Math.Min(int.MaxValue, (bytes ?? 0) / Mebibyte);
}
