using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Fit;

/// <summary>A service running (or starting) on the node, as the fit check and the pressure shedder weigh it.</summary>
/// <param name="Id">Manifest id.</param>
/// <param name="Priority">Manifest priority (0-100).</param>
/// <param name="RequirementMb">The manifest's requirements.ramMb.</param>
/// <param name="MeasuredMb">Its footprint from the resource history (cgroup memory, recent peak); null: not measured yet.</param>
/// <param name="Ports">Ports it listens on.</param>
public sealed record RunningService(string Id, int Priority, int RequirementMb, int? MeasuredMb, IReadOnlyList<ServicePort> Ports)
{
    /// <summary>What it holds in the memory budget: the larger of what its manifest says and what it was seen to use.</summary>
    public int ReservedMb => Math.Max(RequirementMb, MeasuredMb ?? 0);

    /// <summary>
    /// Memory it may still grow into: its reservation minus what it uses now. Unmeasured counts as already using its
    /// requirement (nothing more to promise), so a missing measurement never makes a node look fuller than it is.
    /// </summary>
    public int GrowthMb => MeasuredMb is { } used ? Math.Max(0, RequirementMb - used) : 0;

    public static RunningService Of(ServiceManifest manifest, int? measuredMb) =>
        new(manifest.Id, manifest.Priority, manifest.Requirements.RamMb, measuredMb, manifest.Ports);
}
