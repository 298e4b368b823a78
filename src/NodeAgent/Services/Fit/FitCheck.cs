using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Fit;

/// <summary>
/// Decides whether a service fits the node before it is installed or started (pure: everything it weighs is in the
/// <see cref="FitRequest"/>). Cloudy installed whatever was asked and let the kernel sort it out; here a refusal
/// names the numbers and what stopping would help, and only the owner can override it.
/// </summary>
/// <remarks>
/// Memory: budget = RAM − reserve − Σ max(requirement, measured footprint) of the running services. The budget can
/// be right while the node is short anyway (a process outside the catalogue, a leak), so what is available now also
/// counts: MemAvailable − what the running services may still grow into − the pressure floor. The smaller of the two
/// is what is free. Stopping a service frees its max(requirement, measured) in both views.
/// </remarks>
public static partial class FitCheck
{
    public static FitVerdict Evaluate(FitRequest request)
    {
        var manifest = request.Manifest;
        var others = request.Running.Where(r => r.Id != manifest.Id).ToList();
        var problems = new List<FitProblem>();
        var memory = Budget(request.Node, request.Policy, others);
        var stop = (IReadOnlyList<string>)[];

        if (!manifest.Architectures.Contains(request.Node.Arch))
        {
            problems.Add(new(FitProblemKind.Architecture,
                $"{manifest.Id} has no package for {ArchName(request.Node.Arch)} (only for {string.Join(", ", manifest.Architectures.Select(ArchName))})", false));
        }
        foreach (var port in manifest.Ports)
        {
            if (others.FirstOrDefault(r => r.Ports.Any(p => p.Port == port.Port && p.Protocol == port.Protocol)) is { } holder)
            {
                problems.Add(new(FitProblemKind.Port, $"{manifest.Id} needs port {port}, which {holder.Id} is using; stop {holder.Id} first", false));
            }
        }
        var need = manifest.Requirements.RamMb;
        if (need > memory.FreeMb)
        {
            var (message, suggestion) = MemoryShortfall(manifest, need, memory, others);
            stop = suggestion;
            problems.Add(new(FitProblemKind.Memory, message, true));
        }
        var diskFree = request.Node.FreeDiskMb - request.Policy.DiskFloorMb;
        if (!request.Installed && manifest.Requirements.DiskMb > diskFree)
        {
            problems.Add(new(FitProblemKind.Disk,
                $"{manifest.Id} needs {manifest.Requirements.DiskMb} MB of disk, {Math.Max(0, diskFree)} MB is free ({request.Node.FreeDiskMb} MB free on the root filesystem − {request.Policy.DiskFloorMb} MB kept so the agent and apt can still write)", true));
        }
        if (manifest.Requirements.Cores > request.Node.Cores)
        {
            problems.Add(new(FitProblemKind.Cores, $"{manifest.Id} needs {manifest.Requirements.Cores} CPU cores, this node has {request.Node.Cores}", true));
        }
        return Verdict(request, problems, memory, stop);
    }

    private static FitVerdict Verdict(FitRequest request, List<FitProblem> problems, MemoryBudget memory, IReadOnlyList<string> stop)
    {
        var id = request.Manifest.Id;
        if (problems.Count == 0)
        {
            return new FitVerdict
            {
                Outcome = FitOutcome.Fits, Problems = [], Memory = memory,
                Summary = $"{id} fits: it needs {request.Manifest.Requirements.RamMb} MB of RAM, {memory.FreeMb} MB is free",
            };
        }
        var reasons = string.Join("; ", problems.Select(p => p.Message));
        if (request.OwnerOverride && problems.All(p => p.Overridable))
        {
            return new FitVerdict
            {
                Outcome = FitOutcome.AllowedByOverride, Problems = problems, Overridden = problems, StopToFit = stop, Memory = memory,
                Summary = $"{id} does not fit but the owner overrode: {reasons}",
            };
        }
        var fixedOnes = problems.Where(p => !p.Overridable).ToList();
        var tail = request.OwnerOverride && fixedOnes.Count > 0
            ? $" (an override cannot help: {string.Join("; ", fixedOnes.Select(p => p.Message))})"
            : "";
        return new FitVerdict
        {
            Outcome = FitOutcome.Refused, Problems = problems, StopToFit = stop, Memory = memory,
            Summary = $"{id} does not fit: {reasons}{tail}",
        };
    }

    internal static MemoryBudget Budget(NodeFacts node, FitPolicy policy, IReadOnlyList<RunningService> running)
    {
        var held = running.Sum(r => r.ReservedMb);
        var budget = node.TotalRamMb - policy.SystemReserveMb - held;
        var growth = running.Sum(r => r.GrowthMb);
        var live = node.AvailableRamMb - growth - policy.AvailableFloorMb;
        return new MemoryBudget(node.TotalRamMb, policy.SystemReserveMb, held, budget, node.AvailableRamMb, growth, policy.AvailableFloorMb, Math.Min(budget, live));
    }

    private static string ArchName(Boards.BoardArch arch) => arch == Boards.BoardArch.Amd64 ? "amd64" : "arm64";
}
