using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery;

/// <summary>
/// Runs the discovery backends the owner chose, and changes them while the agent runs: when the saved Serf, etcd or
/// Avahi settings change, the backend whose settings changed is stopped (withdrawing what it published, its
/// picture of the cloud forgotten) and started again with the new ones, or just stopped or started; the others
/// carry on untouched. Search, the statistics, <c>/healthz</c>, <c>/metrics</c> and the LEDs read the backends
/// running now from here.
/// </summary>
internal sealed partial class DiscoveryBackends(
    NodeContext node, BackendFactory factory, ChangeHub changes, EventLog events, ILogger<DiscoveryBackends> logger) : IHostedService, IHealthContributor, ISerfPresence, IDisposable
{
    /// <summary>How long a backend may take to withdraw its records when it is turned off.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (List<KeyValuePair<string, string>> Settings, BackendInstance? Instance)> _running = new(StringComparer.Ordinal);
    private volatile BackendInstance[] _instances = [];
    private volatile IDiscoveryBackend[] _readers = [];
    private bool _stopped;

    /// <summary>The backends that read the cloud now (Serf first: it wins where they disagree). A copy the caller may keep.</summary>
    public IReadOnlyList<IDiscoveryBackend> Readers => _readers;

    /// <summary>The status of every backend running now, readers or not (an Avahi that only announces has one too).</summary>
    public IEnumerable<DiscoveryStatus> Statuses => _instances.Select(i => i.Status);

    /// <summary>The Serf backend when it runs: identify through the cloud and re-announcing go through it.</summary>
    public DiscoveryService? Serf => Array.Find(_instances, i => i.Kind == BackendFactory.Serf)?.Reader as DiscoveryService;

    /// <summary>The change stream every backend's view publishes to.</summary>
    public ChangeHub Changes => changes;

    /// <summary>Raised when another node asks this one to identify itself (through whichever Serf backend runs then).</summary>
    public event Action? IdentifyAsked;

    /// <summary>Announces this node again through Serf when it runs (a short press of the button).</summary>
    public void Reannounce() => Serf?.Reannounce();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        node.BackendsChanged += OnBackendsChanged;
        await ApplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        node.BackendsChanged -= OnBackendsChanged;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopped = true;
            foreach (var instance in _instances.Reverse())
            {
                await instance.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            Publish([]);
            changes.CompleteAll();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Adds the running backends' checks: none for a backend that is off.</summary>
    public void AddChecks(List<HealthCheck> checks)
    {
        foreach (var instance in _instances)
        {
            checks.Add(instance.Status.Check());
        }
    }

    /// <summary>
    /// Brings the running backends in line with the settings in force (the owner's saved ones over the configuration).
    /// Calls are serialised; one that finds nothing to change does nothing.
    /// </summary>
    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }
            var wanted = node.BackendOptions;
            var first = _running.Count == 0;
            var changed = false;
            foreach (var kind in BackendFactory.Kinds)
            {
                var settings = BackendFactory.Settings(kind, wanted);
                if (_running.TryGetValue(kind, out var running) && SettingsSections.Same(running.Settings, settings))
                {
                    continue;
                }
                changed |= await ReplaceAsync(kind, running.Instance, settings, wanted, first, cancellationToken).ConfigureAwait(false);
            }
            if (changed)
            {
                node.Changes.Raise(); // the LEDs and the health follow the new set
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> ReplaceAsync(
        string kind, BackendInstance? old, List<KeyValuePair<string, string>> settings, AgentOptions wanted, bool first, CancellationToken cancellationToken)
    {
        if (old is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StopTimeout);
            await old.StopAsync(timeout.Token).ConfigureAwait(false);
            Publish([.. _instances.Where(i => i != old)]);
        }
        var next = factory.Create(kind, wanted);
        _running[kind] = (settings, next);
        if (next is not null)
        {
            if (next.Reader is DiscoveryService serf)
            {
                serf.IdentifyAsked += () => IdentifyAsked?.Invoke();
            }
            await next.StartAsync(cancellationToken).ConfigureAwait(false);
            Publish([.. _instances, next]);
        }
        if (first || (old is null && next is null))
        {
            return false; // the agent's start, or the settings of a backend that stays off: nothing anyone sees changed
        }
        var what = (old, next) switch
        {
            (null, not null) => "turned on",
            (not null, null) => "turned off",
            _ => "restarted with its new settings",
        };
        Log.Applied(logger, kind, what);
        events.TryAppend("discovery.backend.applied", EventSeverity.Info, $"{BackendFactory.Title(kind)} discovery {what}", logger);
        return true;
    }

    /// <summary>Swaps in the new set, kept in the factory's order (Serf, etcd, Avahi) so that Serf answers first.</summary>
    private void Publish(BackendInstance[] instances)
    {
        Array.Sort(instances, (a, b) => Array.IndexOf(BackendFactory.Kinds, a.Kind).CompareTo(Array.IndexOf(BackendFactory.Kinds, b.Kind)));
        _instances = instances;
        _readers = [.. instances.Select(i => i.Reader).OfType<IDiscoveryBackend>()];
    }

    private async void OnBackendsChanged(object? sender, EventArgs e)
    {
        try
        {
            await ApplyAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A backend that cannot start reports itself down through its status; this is only the unexpected.
            Log.ApplyFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "discovery: {Backend} {What}")]
        public static partial void Applied(ILogger logger, string backend, string what);

        [LoggerMessage(2, LogLevel.Error, "discovery: applying the new backend settings failed")]
        public static partial void ApplyFailed(ILogger logger, Exception exception);
    }
}
