namespace NodeAgent.Contracts.Services;

/// <summary>One catalogue service on this node: <c>GET /api/v1/services/{id}</c> and each entry of the list.</summary>
/// <param name="Id">Catalogue id.</param>
/// <param name="Name">Name shown to people.</param>
/// <param name="Description">What it gives the community.</param>
/// <param name="State"><c>not-installed</c>, <c>installing</c>, <c>stopped</c>, <c>starting</c>, <c>healthy</c>, <c>unhealthy</c>, <c>failed</c>, or <c>unknown</c> where services cannot be managed.</param>
/// <param name="Progress">While installing: 0-100.</param>
/// <param name="Detail">Why it is in this state (the probe's answer, systemd's result, apt's error).</param>
/// <param name="Since">When it entered this state.</param>
/// <param name="Busy">An operation runs on it now; another one is refused until it ends.</param>
/// <param name="Unit">Its systemd unit.</param>
/// <param name="Packages">Its Debian packages.</param>
/// <param name="Priority">0-100; the lowest is stopped first under memory pressure.</param>
/// <param name="RamMb">Memory it needs while running, MiB.</param>
/// <param name="DiskMb">Disk it needs installed, MiB.</param>
/// <param name="Continues">The Cloudy service it continues, if any.</param>
/// <param name="Announce">The DNS-SD type it is published as while healthy; null: not published.</param>
/// <param name="Fit">Whether it fits this node now (to install it, or to start it when installed).</param>
/// <param name="Journal">Only for one service: its unit's last journal lines, oldest first.</param>
/// <param name="Footprint">What it was measured to use (cgroup memory and CPU); null when it never was.</param>
public sealed record ServiceInfo(
    string Id,
    string Name,
    string Description,
    string State,
    double? Progress,
    string? Detail,
    DateTimeOffset Since,
    bool Busy,
    string Unit,
    IReadOnlyList<string> Packages,
    int Priority,
    int RamMb,
    int DiskMb,
    string? Continues,
    string? Announce,
    ServiceFit Fit,
    IReadOnlyList<ServiceJournalLine>? Journal = null,
    ServiceFootprint? Footprint = null);

/// <summary>A service's measured footprint (its cgroup, read from systemd every 30 s while it runs).</summary>
/// <param name="MemoryMb">Memory now, MiB; null when it does not run.</param>
/// <param name="PeakMb">The highest memory of the last day, MiB: what the fit check reserves for it when more than its requirement.</param>
/// <param name="CpuPercent">CPU over the last 30 s, percent of one core; null when it does not run.</param>
public sealed record ServiceFootprint(int? MemoryMb, int? PeakMb, double? CpuPercent);

/// <summary>The fit check's verdict for a service now.</summary>
/// <param name="Outcome"><c>fits</c> or <c>refused</c>.</param>
/// <param name="Summary">One line with the numbers.</param>
/// <param name="Problems">Every reason it does not fit.</param>
/// <param name="StopToFit">Running services whose stopping would make room (lowest priority first).</param>
/// <param name="FreeMb">Memory a new service may take now, MiB.</param>
public sealed record ServiceFit(string Outcome, string Summary, IReadOnlyList<string> Problems, IReadOnlyList<string> StopToFit, int FreeMb);

/// <summary>One journal line of a service's unit.</summary>
public sealed record ServiceJournalLine(DateTimeOffset Time, int? Priority, string? Identifier, string Message);

/// <summary><c>GET /api/v1/services</c>.</summary>
/// <param name="Managed">Services can be managed on this machine (systemd is PID 1).</param>
/// <param name="Unavailable">Why they cannot, when <paramref name="Managed"/> is false.</param>
/// <param name="Services">The catalogue, by id.</param>
public sealed record ServiceList(bool Managed, string? Unavailable, IReadOnlyList<ServiceInfo> Services);

/// <summary>The answer to <c>POST /api/v1/services/{id}/OPERATION</c> (200, or 202 for an install that goes on).</summary>
/// <param name="Message">What was done.</param>
/// <param name="Service">The service afterwards.</param>
public sealed record ServiceOperationResult(string Message, ServiceInfo Service);
