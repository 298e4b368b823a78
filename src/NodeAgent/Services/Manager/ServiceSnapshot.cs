using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Manager;

/// <summary>One service as the manager sees it at one moment.</summary>
/// <param name="Manifest">Its catalogue entry.</param>
/// <param name="State">Where it stands.</param>
/// <param name="ProgressPercent">Installing: 0-100; otherwise null.</param>
/// <param name="Detail">Why it is in this state, in plain words (the probe's answer, systemd's result, apt's error).</param>
/// <param name="Since">When it entered this state.</param>
/// <param name="Busy">An operation (install, start, …) is running on it now.</param>
public sealed record ServiceSnapshot(ServiceManifest Manifest, ServiceState State, double? ProgressPercent, string? Detail, DateTimeOffset Since, bool Busy)
{
    public string Id => Manifest.Id;
}
