using NodeAgent.Contracts;
using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Fit;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Services.Manager;

/// <summary>
/// Runs the catalogue's services on this node: one state per entry (<see cref="ServiceState"/>), operations serialized
/// per service, a fit check before install and start, the limits drop-in before start, a health probe per running
/// service, and every transition in the event log.
/// <para>
/// Where systemd is not PID 1 the manager says so in <see cref="Unavailable"/>; it still lists the catalogue with fit
/// verdicts, refuses operations with that message, and the rest of the agent runs as usual.
/// </para>
/// </summary>
public sealed partial class ServiceManager : IAsyncDisposable
{
    private readonly Dictionary<string, ManagedService> _services;
    private readonly ManagedSystem _system;
    private readonly Func<NodeFacts> _node;
    private readonly Action<string, EventSeverity, string> _record;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private ISystemd? _systemd;
    private volatile string? _unavailable = "service management is still starting; try again in a moment";

    /// <param name="catalogue">The services to manage.</param>
    /// <param name="system">The system they run on.</param>
    /// <param name="node">The node's resources now, for the fit check.</param>
    /// <param name="record">Appends an event (kind, severity, message) to the event log; must not throw.</param>
    /// <param name="time">The agent's clock.</param>
    /// <param name="logger">Log category <c>NodeAgent.Services.Manager</c>.</param>
    public ServiceManager(ServiceCatalogue catalogue, ManagedSystem system, Func<NodeFacts> node, Action<string, EventSeverity, string> record, TimeProvider time, ILogger logger)
    {
        _system = system;
        _node = node;
        _record = record;
        _time = time;
        _logger = logger;
        var now = time.GetUtcNow();
        _services = catalogue.Manifests.ToDictionary(m => m.Id, m => new ManagedService(m, now) { Detail = _unavailable }, StringComparer.Ordinal);
    }

    /// <summary>Why services cannot be managed here (no systemd as PID 1, …); null when they can.</summary>
    public string? Unavailable => _unavailable;

    /// <summary>Raised (on any thread) when a service became healthy or stopped being healthy.</summary>
    public event EventHandler? HealthChanged;

    /// <summary>Every catalogue service, by id.</summary>
    public IReadOnlyList<ServiceSnapshot> List() => [.. _services.Values.OrderBy(s => s.Manifest.Id, StringComparer.Ordinal).Select(s => s.Snapshot())];

    /// <summary>One service; null for an id not in the catalogue.</summary>
    public ServiceSnapshot? Find(string id) => _services.TryGetValue(id, out var service) ? service.Snapshot() : null;

    /// <summary>Healthy services right now.</summary>
    public IReadOnlyList<ServiceSnapshot> Healthy() => [.. List().Where(s => s.State == ServiceState.Healthy)];

    /// <summary>
    /// Connects to systemd and reads each service's state from dpkg and its unit. Without systemd the manager records
    /// why in <see cref="Unavailable"/> and logs it once; nothing else fails.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SystemdUnavailableException e)
        {
            _unavailable = e.Message;
            foreach (var service in _services.Values)
            {
                lock (service.Sync)
                {
                    service.Detail = e.Message;
                }
            }
            ManagerLog.Unavailable(_logger, e.Message);
            return;
        }
        ManagerLog.Started(_logger, _services.Count, string.Join(", ", List().Select(s => $"{s.Id} {ServiceStates.Name(s.State)}")));
    }

    /// <summary>The fit verdict for installing (not installed) or starting (installed) the service now.</summary>
    public FitVerdict Fit(ServiceManifest manifest, bool force = false)
    {
        var installed = _services.TryGetValue(manifest.Id, out var own) && ServiceStates.IsInstalled(own.Snapshot().State);
        var running = _services.Values
            .Where(s => s.Manifest.Id != manifest.Id && ServiceStates.IsRunning(s.Snapshot().State))
            .Select(s => RunningService.Of(s.Manifest, measuredMb: Footprints?.PeakMb(s.Manifest.Id)))
            .ToList();
        var node = _node();
        return FitCheck.Evaluate(new FitRequest(manifest, node, FitPolicy.For(node.TotalRamMb), running, installed, force));
    }

    /// <summary>The unit's last journal lines; empty when they cannot be read (the reason is logged).</summary>
    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string id, int lines, CancellationToken cancellationToken)
    {
        if (_unavailable is not null || !_services.TryGetValue(id, out var service))
        {
            return [];
        }
        try
        {
            return await new JournalTail(_system.Commands).ReadAsync(service.Manifest.Unit, lines, cancellationToken).ConfigureAwait(false);
        }
        catch (SystemdException e)
        {
            ManagerLog.JournalUnread(_logger, id, e.Message);
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var service in _services.Values)
        {
            lock (service.Sync)
            {
                service.Probe?.Dispose();
                service.Probe = null;
                service.Watch?.Dispose();
                service.Watch = null;
            }
        }
        if (_systemd is { } systemd)
        {
            await systemd.DisposeAsync().ConfigureAwait(false);
        }
    }
}
