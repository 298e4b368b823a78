using System.Text;
using NodeAgent.Contracts;
using static NodeAgent.Resources.PrometheusText;

namespace NodeAgent.Resources;

// Families with one series per device: filesystems, sensors, interfaces, PSI, firmware flags.
public static partial class PrometheusResourceWriter
{
    private static void WriteFileSystems(StringBuilder sb, IReadOnlyList<FileSystemSnapshot> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        PerFileSystem(sb, list, "nodeagent_filesystem_size_bytes", "Filesystem size.", fs => fs.SizeBytes);
        PerFileSystem(sb, list, "nodeagent_filesystem_used_bytes", "Filesystem size minus free blocks.", fs => fs.UsedBytes);
        PerFileSystem(sb, list, "nodeagent_filesystem_available_bytes", "Space unprivileged users can still write.", fs => fs.AvailableBytes);
        PerFileSystem(sb, list, "nodeagent_filesystem_readonly", "1 when the filesystem is mounted read-only.", fs => fs.ReadOnly ? 1 : 0);
        PerFileSystem(sb, list, "nodeagent_filesystem_files", "Inodes (only filesystems with an inode table).", fs => fs.Inodes);
        PerFileSystem(sb, list, "nodeagent_filesystem_files_free", "Free inodes.", fs => fs.InodesFree);
    }

    private static void PerFileSystem(StringBuilder sb, IReadOnlyList<FileSystemSnapshot> list, string name, string help, Func<FileSystemSnapshot, double?> value)
    {
        bool written = false;
        foreach (var fs in list)
        {
            if (value(fs) is not { } v)
            {
                continue;
            }

            if (!written)
            {
                Family(sb, name, "gauge", help);
                written = true;
            }

            Sample(sb, name, v, new Label("mountpoint", fs.MountPoint), new Label("fstype", fs.FsType), new Label("device", fs.Device));
        }
    }

    private static void WriteTemperatures(StringBuilder sb, IReadOnlyList<TemperatureReading> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        Family(sb, "nodeagent_temperature_celsius", "gauge", "Temperature of a thermal zone or hwmon input.");
        foreach (var t in list)
        {
            Sample(sb, "nodeagent_temperature_celsius", t.Celsius, new Label("sensor", t.Sensor), new Label("name", t.Name), new Label("label", t.Label));
        }
    }

    private static void WriteNetwork(StringBuilder sb, IReadOnlyList<NetworkInterfaceSnapshot> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        Family(sb, "nodeagent_network_up", "gauge", "1 when the interface's operstate is up.");
        foreach (var nic in list)
        {
            Sample(sb, "nodeagent_network_up", nic.OperState == "up" ? 1 : 0, new Label("interface", nic.Name));
        }

        PerInterface(sb, list, "nodeagent_network_receive_bytes_total", "Bytes received.", n => n.ReceiveBytes);
        PerInterface(sb, list, "nodeagent_network_receive_packets_total", "Packets received.", n => n.ReceivePackets);
        PerInterface(sb, list, "nodeagent_network_receive_errors_total", "Receive errors.", n => n.ReceiveErrors);
        PerInterface(sb, list, "nodeagent_network_receive_drop_total", "Received packets dropped.", n => n.ReceiveDropped);
        PerInterface(sb, list, "nodeagent_network_transmit_bytes_total", "Bytes transmitted.", n => n.TransmitBytes);
        PerInterface(sb, list, "nodeagent_network_transmit_packets_total", "Packets transmitted.", n => n.TransmitPackets);
        PerInterface(sb, list, "nodeagent_network_transmit_errors_total", "Transmit errors.", n => n.TransmitErrors);
        PerInterface(sb, list, "nodeagent_network_transmit_drop_total", "Transmitted packets dropped.", n => n.TransmitDropped);
    }

    private static void PerInterface(StringBuilder sb, IReadOnlyList<NetworkInterfaceSnapshot> list, string name, string help, Func<NetworkInterfaceSnapshot, long> value)
    {
        Family(sb, name, "counter", help);
        foreach (var nic in list)
        {
            Sample(sb, name, value(nic), new Label("interface", nic.Name));
        }
    }

    private static void WritePressure(StringBuilder sb, PressureSnapshot? pressure)
    {
        if (pressure is null)
        {
            return;
        }

        Family(sb, "nodeagent_pressure_ratio", "gauge", "Share of time tasks stalled on a resource, averaged over a window (0-1).");
        ForEachPressureLine(pressure, (resource, kind, line) =>
        {
            Sample(sb, "nodeagent_pressure_ratio", Ratio(line.Avg10), new Label("resource", resource), new Label("kind", kind), new Label("window", "10s"));
            Sample(sb, "nodeagent_pressure_ratio", Ratio(line.Avg60), new Label("resource", resource), new Label("kind", kind), new Label("window", "60s"));
            Sample(sb, "nodeagent_pressure_ratio", Ratio(line.Avg300), new Label("resource", resource), new Label("kind", kind), new Label("window", "300s"));
        });
        Family(sb, "nodeagent_pressure_stalled_seconds_total", "counter", "Total time tasks stalled on a resource.");
        ForEachPressureLine(pressure, (resource, kind, line) =>
            Sample(sb, "nodeagent_pressure_stalled_seconds_total", line.TotalMicroseconds / 1e6, new Label("resource", resource), new Label("kind", kind)));
    }

    private static void ForEachPressureLine(PressureSnapshot pressure, Action<string, string, PressureLine> write)
    {
        Each("cpu", pressure.Cpu);
        Each("memory", pressure.Memory);
        Each("io", pressure.Io);

        void Each(string resource, PressureResource? r)
        {
            if (r is null)
            {
                return;
            }

            write(resource, "some", r.Some);
            if (r.Full is { } full)
            {
                write(resource, "full", full);
            }
        }
    }

    private static void WriteThrottling(StringBuilder sb, ThrottlingSnapshot? t)
    {
        if (t is null)
        {
            return;
        }

        Family(sb, "nodeagent_throttled", "gauge", "Raspberry Pi firmware throttling flags (get_throttled): 1 when set.");
        Flag(sb, "undervoltage_now", t.UndervoltageNow);
        Flag(sb, "arm_frequency_capped_now", t.ArmFrequencyCappedNow);
        Flag(sb, "throttled_now", t.ThrottledNow);
        Flag(sb, "soft_temperature_limit_now", t.SoftTemperatureLimitNow);
        Flag(sb, "undervoltage_occurred", t.UndervoltageOccurred);
        Flag(sb, "arm_frequency_capped_occurred", t.ArmFrequencyCappedOccurred);
        Flag(sb, "throttled_occurred", t.ThrottledOccurred);
        Flag(sb, "soft_temperature_limit_occurred", t.SoftTemperatureLimitOccurred);

        static void Flag(StringBuilder sb, string flag, bool set) =>
            Sample(sb, "nodeagent_throttled", set ? 1 : 0, new Label("flag", flag));
    }

    private static void WriteStorageWear(StringBuilder sb, IReadOnlyList<StorageWearSnapshot> list)
    {
        bool lifeWritten = false;
        foreach (var d in list)
        {
            if (d.LifeTimeEstimateA is null && d.LifeTimeEstimateB is null)
            {
                continue;
            }

            if (!lifeWritten)
            {
                Family(sb, "nodeagent_mmc_life_time_estimate", "gauge", "eMMC life-time estimate in 10% steps (1 = 0-10% used, 11 = exceeded).");
                lifeWritten = true;
            }

            if (d.LifeTimeEstimateA is { } a)
            {
                Sample(sb, "nodeagent_mmc_life_time_estimate", a, new Label("device", d.Device), new Label("area", "A"));
            }

            if (d.LifeTimeEstimateB is { } b)
            {
                Sample(sb, "nodeagent_mmc_life_time_estimate", b, new Label("device", d.Device), new Label("area", "B"));
            }
        }

        bool eolWritten = false;
        foreach (var d in list)
        {
            if (d.PreEolInfo is not { } eol)
            {
                continue;
            }

            if (!eolWritten)
            {
                Family(sb, "nodeagent_mmc_pre_eol_info", "gauge", "eMMC pre-EOL state: 1 normal, 2 warning, 3 urgent.");
                eolWritten = true;
            }

            Sample(sb, "nodeagent_mmc_pre_eol_info", eol, new Label("device", d.Device));
        }
    }
}
