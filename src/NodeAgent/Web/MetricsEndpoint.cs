using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NodeAgent.Hosting;
using NodeAgent.Resources;
using NodeAgent.Storage;

namespace NodeAgent.Web;

/// <summary><c>GET /metrics</c>: the node's resources and the agent's own health in Prometheus text format 0.0.4.</summary>
internal static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IResult Write(ResourceMonitor monitor, NodeContext node, NodeStore store, EventLog events, HistoryRecorder history, Auth.OwnerAuth owner, HttpContext context)
    {
        var sb = new StringBuilder(8192);
        PrometheusResourceWriter.Write(sb, monitor.Latest);
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        Gauge(sb, "nodeagent_build_info", "Agent version and architecture; always 1.", 1, $"version=\"{AgentVersion.Current}\",arch=\"{arch}\"");
        Gauge(sb, "nodeagent_agent_uptime_seconds", "Seconds since the agent started.", node.AgentUptimeSeconds);
        Gauge(sb, "nodeagent_process_resident_memory_bytes", "Resident memory of the agent process.", ResidentBytes());
        Counter(sb, "nodeagent_process_cpu_seconds_total", "CPU time used by the agent process.", Environment.CpuUsage.TotalTime.TotalSeconds);
        Gauge(sb, "nodeagent_process_managed_heap_bytes", "Bytes in the agent's garbage-collected heap.", GC.GetTotalMemory(false));
        Gauge(sb, "nodeagent_process_managed_committed_bytes", "Memory the garbage collector holds committed (resident or not).", GC.GetGCMemoryInfo().TotalCommittedBytes);
        sb.Append("# HELP nodeagent_process_gc_collections_total Garbage collections since start, by generation.\n# TYPE nodeagent_process_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            sb.Append("nodeagent_process_gc_collections_total{generation=\"").Append(generation).Append("\"} ")
                .Append(GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        Counter(sb, "nodeagent_store_writes_total", "Durable writes to the store since start.", store.Writes);
        Counter(sb, "nodeagent_store_write_errors_total", "Writes to the store that failed since start.", store.WriteErrors);
        Counter(sb, "nodeagent_history_flush_errors_total", "History flushes that failed since start.", history.FlushErrors);
        Counter(sb, "nodeagent_events_total", "Events logged since start.", events.Appended);
        Counter(sb, "nodeagent_auth_login_failures_total", "Wrong owner passwords (login and password change) since start.", owner.LoginFailures);
        Counter(sb, "nodeagent_auth_pair_failures_total", "Pairings refused (wrong code, no window) since start.", owner.PairFailures);
        Counter(sb, "nodeagent_auth_rate_limited_total", "Pairing and login attempts refused by the rate limits since start.", owner.RateLimited);
        Gauge(sb, "nodeagent_auth_sessions", "Owner sessions in force.", owner.SessionCount);
        // Discovery backends are optional in the configuration: their series appear for those enabled.
        var backends = context.RequestServices.GetRequiredService<Discovery.DiscoveryBackends>().Readers.Select(b => (b.Status, b.Rejected)).ToList();
        Discovery.DiscoveryStatus.WriteMetrics(sb, backends);
        return TypedResults.Text(sb.ToString(), ContentType);
    }

    private static void Gauge(StringBuilder sb, string name, string help, double value, string labels = "") =>
        Series(sb, name, "gauge", help, value, labels);

    private static void Counter(StringBuilder sb, string name, string help, double value) =>
        Series(sb, name, "counter", help, value, "");

    private static void Series(StringBuilder sb, string name, string type, string help, double value, string labels)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        sb.Append(name);
        if (labels.Length > 0)
        {
            sb.Append('{').Append(labels).Append('}');
        }
        sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Resident set size from <c>/proc/self/statm</c> (second field, in pages).</summary>
    private static double ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * (double)Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
