using System.Text;
using NodeAgent.Contracts;
using static NodeAgent.Resources.PrometheusText;

namespace NodeAgent.Resources;

/// <summary>
/// Writes a <see cref="ResourceSnapshot"/> in the Prometheus text exposition format 0.0.4 for
/// <c>/metrics</c>. Conventions: every name starts with <c>nodeagent_</c>; units are base
/// units in the name (<c>_bytes</c>, <c>_seconds</c>, <c>_celsius</c>); shares are
/// <c>_ratio</c> from 0 to 1 (the JSON snapshot uses percent); kernel counters are exported
/// as <c>_total</c> counters so Prometheus computes rates itself. A family with no data in
/// the snapshot is not written at all.
/// </summary>
public static partial class PrometheusResourceWriter
{
    /// <summary>Appends the exposition of <paramref name="s"/> to <paramref name="sb"/>.</summary>
    public static void Write(StringBuilder sb, ResourceSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(s);
        if (s.UptimeSeconds is { } uptime)
        {
            Family(sb, "nodeagent_uptime_seconds", "gauge", "Seconds since the node booted.");
            Sample(sb, "nodeagent_uptime_seconds", uptime);
        }

        WriteCpu(sb, s.Cpu);
        WriteLoad(sb, s.Load);
        WriteMemory(sb, s.Memory);
        WriteFileSystems(sb, s.FileSystems);
        WriteTemperatures(sb, s.Temperatures);
        WriteNetwork(sb, s.NetworkInterfaces);
        WritePressure(sb, s.Pressure);
        WriteThrottling(sb, s.Throttling);
        WriteStorageWear(sb, s.StorageWear);

        Family(sb, "nodeagent_resource_problems", "gauge", "Resource sources that failed in the last sample (see the snapshot's problems).");
        Sample(sb, "nodeagent_resource_problems", s.Problems.Count);
    }

    private static void WriteCpu(StringBuilder sb, CpuSnapshot? cpu)
    {
        if (cpu is null)
        {
            return;
        }

        Family(sb, "nodeagent_cpu_info", "gauge", "CPU model and kernel architecture; the value is always 1.");
        Sample(sb, "nodeagent_cpu_info", 1, new Label("model", cpu.Model), new Label("architecture", cpu.Architecture));
        Family(sb, "nodeagent_cpu_cores", "gauge", "Online CPU cores.");
        Sample(sb, "nodeagent_cpu_cores", cpu.CoreCount);
        Family(sb, "nodeagent_cpu_usage_ratio", "gauge", "Busy share of all cores since the previous sample (0-1).");
        Sample(sb, "nodeagent_cpu_usage_ratio", Ratio(cpu.Total.UsagePercent));
        Family(sb, "nodeagent_cpu_iowait_ratio", "gauge", "Share of all cores idle waiting for I/O since the previous sample (0-1).");
        Sample(sb, "nodeagent_cpu_iowait_ratio", Ratio(cpu.Total.IowaitPercent));
        Family(sb, "nodeagent_cpu_steal_ratio", "gauge", "Share of all cores taken by the hypervisor since the previous sample (0-1).");
        Sample(sb, "nodeagent_cpu_steal_ratio", Ratio(cpu.Total.StealPercent));
        if (cpu.Cores.Count == 0)
        {
            return;
        }

        Family(sb, "nodeagent_cpu_core_usage_ratio", "gauge", "Busy share of one core since the previous sample (0-1).");
        foreach (var core in cpu.Cores)
        {
            string id = core.Name.StartsWith("cpu", StringComparison.Ordinal) ? core.Name[3..] : core.Name;
            Sample(sb, "nodeagent_cpu_core_usage_ratio", Ratio(core.UsagePercent), new Label("cpu", id));
        }
    }

    private static void WriteLoad(StringBuilder sb, LoadSnapshot? load)
    {
        if (load is null)
        {
            return;
        }

        Family(sb, "nodeagent_load1", "gauge", "1-minute load average.");
        Sample(sb, "nodeagent_load1", load.Load1);
        Family(sb, "nodeagent_load5", "gauge", "5-minute load average.");
        Sample(sb, "nodeagent_load5", load.Load5);
        Family(sb, "nodeagent_load15", "gauge", "15-minute load average.");
        Sample(sb, "nodeagent_load15", load.Load15);
        Family(sb, "nodeagent_tasks_running", "gauge", "Runnable tasks.");
        Sample(sb, "nodeagent_tasks_running", load.RunningTasks);
        Family(sb, "nodeagent_tasks", "gauge", "All tasks (processes and threads).");
        Sample(sb, "nodeagent_tasks", load.TotalTasks);
    }

    private static void WriteMemory(StringBuilder sb, MemorySnapshot? mem)
    {
        if (mem is null)
        {
            return;
        }

        Gauge(sb, "nodeagent_memory_total_bytes", "MemTotal.", mem.TotalBytes);
        Gauge(sb, "nodeagent_memory_free_bytes", "MemFree: pages nobody uses.", mem.FreeBytes);
        Gauge(sb, "nodeagent_memory_available_bytes", "MemAvailable: allocatable without swapping.", mem.AvailableBytes);
        Gauge(sb, "nodeagent_memory_buffers_bytes", "Buffers.", mem.BuffersBytes);
        Gauge(sb, "nodeagent_memory_cached_bytes", "Cached (page cache).", mem.CachedBytes);
        Gauge(sb, "nodeagent_swap_total_bytes", "SwapTotal.", mem.SwapTotalBytes);
        Gauge(sb, "nodeagent_swap_free_bytes", "SwapFree.", mem.SwapFreeBytes);
    }

    private static void Gauge(StringBuilder sb, string name, string help, double value)
    {
        Family(sb, name, "gauge", help);
        Sample(sb, name, value);
    }
}
