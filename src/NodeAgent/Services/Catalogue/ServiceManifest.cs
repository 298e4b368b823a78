using NodeAgent.Boards;

namespace NodeAgent.Services.Catalogue;

/// <summary>
/// One service the agent can install and run, as declared by a manifest file (<c>Services/Catalogue/Manifests/*.json</c>
/// shipped in the binary, or a file in <c>Catalogue:Directory</c> that adds or replaces one). Built only by
/// <see cref="ManifestReader"/>, so every instance has passed validation.
/// </summary>
public sealed record ServiceManifest
{
    /// <summary>Stable id (<c>a-z 0-9 -</c>, equal to the file name); API paths and events use it.</summary>
    public required string Id { get; init; }

    /// <summary>Name shown to people.</summary>
    public required string Name { get; init; }

    /// <summary>One or two sentences on what the service gives the community.</summary>
    public required string Description { get; init; }

    /// <summary>The Cloudy (seed) service this one continues, from <see cref="SeedServices"/>; null for a new one.</summary>
    public string? Continues { get; init; }

    /// <summary>Debian packages to install, in order; the first one provides <see cref="Unit"/>.</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>The systemd unit that runs the service, e.g. <c>unbound.service</c> or <c>syncthing@syncthing.service</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>A system user the unit runs as that the package does not create itself (template units such as <c>syncthing@.service</c>).</summary>
    public SystemUser? SystemUser { get; init; }

    /// <summary>Architectures the packages exist for.</summary>
    public required IReadOnlyList<BoardArch> Architectures { get; init; }

    /// <summary>What the service needs to run well.</summary>
    public required ServiceRequirements Requirements { get; init; }

    /// <summary>Limits applied through a systemd drop-in the agent owns.</summary>
    public required ServiceLimits Limits { get; init; }

    /// <summary>0-100; under memory pressure the lowest is stopped first, and it is brought back last.</summary>
    public required int Priority { get; init; }

    /// <summary>How the agent decides the service really works (not just that its port is open).</summary>
    public required HealthProbe Health { get; init; }

    /// <summary>Ports the service listens on; two services that share one cannot run together.</summary>
    public required IReadOnlyList<ServicePort> Ports { get; init; }

    /// <summary>How a healthy instance is published to discovery; null: not published (e.g. a node-local helper).</summary>
    public ServiceAnnouncement? Announce { get; init; }

    /// <summary>debconf answers given before installing, so no package is left with a default password.</summary>
    public IReadOnlyList<DebconfAnswer> Debconf { get; init; } = [];
}
