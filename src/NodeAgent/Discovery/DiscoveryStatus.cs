using System.Globalization;
using System.Text;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Hosting;

namespace NodeAgent.Discovery;

/// <summary>
/// One discovery backend's state (<c>serf</c>, <c>etcd</c>) for <c>/healthz</c>, <c>/metrics</c>, the cloud statistics
/// and the event log. Discovery
/// being down does not make the node unhealthy (its own services still run): the check says "down" or "degraded"
/// and the overall status stays healthy. Transitions, and only those, go to the event log.
/// </summary>
internal sealed class DiscoveryStatus(TimeProvider time, Action<string, EventSeverity, string>? record = null, string backend = CloudView.Source)
{
    public const string Down = "down";
    public const string Degraded = "degraded";

    private readonly Lock _gate = new();
    private bool _up;
    private bool _everKnown;
    private string _detail = "not connected yet";
    private string? _publishError;
    private DateTimeOffset _since = time.GetUtcNow();
    private long _publishes;
    private long _fetches;
    private long _fetchFailures;

    /// <summary>The backend's name, as results and metrics label it.</summary>
    public string Backend => backend;

    // The Serf check kept its original name; later backends add their own.
    private string CheckName => backend == CloudView.Source ? "discovery" : $"discovery.{backend}";

    private string Title => backend == CloudView.Source ? "Serf" : backend;

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _up;
            }
        }
    }

    public long Publishes => Interlocked.Read(ref _publishes);

    public long Fetches => Interlocked.Read(ref _fetches);

    public long FetchFailures => Interlocked.Read(ref _fetchFailures);

    public void Connected(string detail) => Transition(true, detail);

    public void Disconnected(string reason) => Transition(false, reason);

    public void Published()
    {
        Interlocked.Increment(ref _publishes);
        lock (_gate)
        {
            _publishError = null;
        }
    }

    public void PublishFailed(string reason)
    {
        lock (_gate)
        {
            _publishError = reason;
        }
    }

    public void Fetched(bool ok) => Interlocked.Increment(ref ok ? ref _fetches : ref _fetchFailures);

    private void Transition(bool up, string detail)
    {
        bool changed;
        lock (_gate)
        {
            changed = _up != up || !_everKnown;
            _everKnown = true;
            _up = up;
            _detail = detail;
            if (changed)
            {
                _since = time.GetUtcNow();
            }
        }
        if (changed)
        {
            record?.Invoke(up ? $"discovery.{backend}.up" : $"discovery.{backend}.down", up ? EventSeverity.Info : EventSeverity.Warning,
                up ? $"{Title} discovery connected: {detail}" : $"{Title} discovery down: {detail}");
        }
    }

    public DiscoveryBackendState State()
    {
        lock (_gate)
        {
            return new DiscoveryBackendState(backend, _up, _publishError is { } e && _up ? $"{_detail}; publishing failed: {e}" : _detail, _since);
        }
    }

    public HealthCheck Check()
    {
        lock (_gate)
        {
            return !_up ? new HealthCheck(CheckName, Down, $"{backend}: {_detail}")
                : _publishError is { } e ? new HealthCheck(CheckName, Degraded, $"{backend}: connected, but publishing failed: {e}")
                : new HealthCheck(CheckName, HealthMonitor.Healthy, $"{backend}: {_detail}");
        }
    }

    /// <summary>
    /// The discovery series for <c>/metrics</c>, one line per backend under each family (the exposition format wants
    /// a family's HELP and TYPE once, its samples together).
    /// </summary>
    public static void WriteMetrics(StringBuilder sb, IReadOnlyList<(DiscoveryStatus Status, long Rejected)> backends)
    {
        void Family(string name, string type, string help, Func<(DiscoveryStatus Status, long Rejected), long> value)
        {
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
              .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var b in backends)
            {
                sb.Append(name).Append("{backend=\"").Append(b.Status.Backend).Append("\"} ")
                  .Append(value(b).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        if (backends.Count == 0)
        {
            return;
        }
        Family("nodeagent_discovery_backend_up", "gauge", "1 when the discovery backend is connected to its engine.", b => b.Status.IsUp ? 1 : 0);
        Family("nodeagent_discovery_publishes_total", "counter", "Record sets published since start.", b => b.Status.Publishes);
        Family("nodeagent_discovery_fetches_total", "counter", "Record sets fetched from other nodes (Serf) or read in full (etcd) since start.", b => b.Status.Fetches);
        Family("nodeagent_discovery_fetch_failures_total", "counter", "Fetches or reads that failed or were refused since start.", b => b.Status.FetchFailures);
        Family("nodeagent_discovery_rejected_total", "counter", "Records from other nodes refused as malformed since start.", b => b.Rejected);
    }
}
