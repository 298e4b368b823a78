using System.Globalization;
using System.Text;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Hosting;

namespace NodeAgent.Discovery;

/// <summary>
/// The Serf backend's state for <c>/healthz</c>, <c>/metrics</c>, the cloud statistics and the event log. Discovery
/// being down does not make the node unhealthy (its own services still run): the check says "down" or "degraded"
/// and the overall status stays healthy. Transitions, and only those, go to the event log.
/// </summary>
internal sealed class DiscoveryStatus(TimeProvider time, Action<string, EventSeverity, string>? record = null) : IHealthContributor
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
            record?.Invoke(up ? "discovery.serf.up" : "discovery.serf.down", up ? EventSeverity.Info : EventSeverity.Warning,
                up ? $"Serf discovery connected: {detail}" : $"Serf discovery down: {detail}");
        }
    }

    public DiscoveryBackendState State()
    {
        lock (_gate)
        {
            return new DiscoveryBackendState(CloudView.Source, _up, _publishError is { } e && _up ? $"{_detail}; publishing failed: {e}" : _detail, _since);
        }
    }

    public HealthCheck Check()
    {
        lock (_gate)
        {
            return !_up ? new HealthCheck("discovery", Down, $"serf: {_detail}")
                : _publishError is { } e ? new HealthCheck("discovery", Degraded, $"serf: connected, but publishing failed: {e}")
                : new HealthCheck("discovery", HealthMonitor.Healthy, $"serf: {_detail}");
        }
    }

    /// <summary>The backend's series for <c>/metrics</c>.</summary>
    public void WriteMetrics(StringBuilder sb, long rejected)
    {
        static void Series(StringBuilder sb, string name, string type, string help, string labels, long value) =>
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
              .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
              .Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Series(sb, "nodeagent_discovery_backend_up", "gauge", "1 when the discovery backend is connected to its engine.", "{backend=\"serf\"}", IsUp ? 1 : 0);
        Series(sb, "nodeagent_discovery_publishes_total", "counter", "Record sets published (tags set) since start.", "{backend=\"serf\"}", Publishes);
        Series(sb, "nodeagent_discovery_fetches_total", "counter", "Record sets fetched from other nodes since start.", "{backend=\"serf\"}", Fetches);
        Series(sb, "nodeagent_discovery_fetch_failures_total", "counter", "Fetches that failed or were refused since start.", "{backend=\"serf\"}", FetchFailures);
        Series(sb, "nodeagent_discovery_rejected_total", "counter", "Answers and tags from other nodes refused as malformed since start.", "{backend=\"serf\"}", rejected);
    }
}
