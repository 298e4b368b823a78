using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Fit;

/// <summary>Everything the fit check weighs; it reads nothing else.</summary>
/// <param name="Manifest">The service to install or start.</param>
/// <param name="Node">The node now.</param>
/// <param name="Policy">What stays reserved for the node itself.</param>
/// <param name="Running">The other services running or starting (an entry with the manifest's own id is ignored).</param>
/// <param name="Installed">Its packages are installed already, so disk is not needed (a start, not an install).</param>
/// <param name="OwnerOverride">The owner asked to run it even where it does not fit; refusals that can be overridden become allowances.</param>
public sealed record FitRequest(
    ServiceManifest Manifest,
    NodeFacts Node,
    FitPolicy Policy,
    IReadOnlyList<RunningService> Running,
    bool Installed = false,
    bool OwnerOverride = false);
