using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// A flat, fixed set of numbers per snapshot for metric history and charts. Keys never change
/// meaning; a key whose source is absent or failed is left out rather than written as 0, so a
/// chart shows a gap instead of a false reading.
/// </summary>
/// <remarks>
/// Units: <c>*_percent</c> 0-100; bytes for <c>mem.*</c>, <c>swap.*</c>, <c>disk.*</c>
/// sizes; bytes/s for <c>net.*_rate</c>; °C for <c>temp.*</c>; seconds for <c>uptime</c>.
/// </remarks>
public static class ResourceMetrics
{
    /// <summary>Seconds since boot.</summary>
    public const string Uptime = "uptime";

    /// <summary>Busy CPU share, percent, all cores.</summary>
    public const string CpuUsage = "cpu.usage";

    /// <summary>I/O wait share, percent, all cores.</summary>
    public const string CpuIowait = "cpu.iowait";

    /// <summary>Hypervisor steal share, percent, all cores.</summary>
    public const string CpuSteal = "cpu.steal";

    /// <summary>1-minute load average.</summary>
    public const string Load1 = "load.1";

    /// <summary>5-minute load average.</summary>
    public const string Load5 = "load.5";

    /// <summary>15-minute load average.</summary>
    public const string Load15 = "load.15";

    /// <summary>MemTotal, bytes.</summary>
    public const string MemTotal = "mem.total";

    /// <summary>MemAvailable, bytes.</summary>
    public const string MemAvailable = "mem.available";

    /// <summary>(Total - Available) / Total, percent.</summary>
    public const string MemUsedPercent = "mem.used_percent";

    /// <summary>SwapTotal, bytes (0 when the node has no swap).</summary>
    public const string SwapTotal = "swap.total";

    /// <summary>Swap in use, bytes.</summary>
    public const string SwapUsed = "swap.used";

    /// <summary>Swap in use, percent; omitted without swap.</summary>
    public const string SwapUsedPercent = "swap.used_percent";

    /// <summary>Size of the filesystem at "/", bytes.</summary>
    public const string DiskRootSize = "disk.root.size";

    /// <summary>Space available to users on "/", bytes.</summary>
    public const string DiskRootAvailable = "disk.root.available";

    /// <summary>Used space on "/", percent (df's way).</summary>
    public const string DiskRootUsedPercent = "disk.root.used_percent";

    /// <summary>Highest used percent over all watched filesystems: the one about to fill.</summary>
    public const string DiskMaxUsedPercent = "disk.max.used_percent";

    /// <summary>Hottest sensor, °C.</summary>
    public const string TempMax = "temp.max";

    /// <summary>Received bytes/s summed over physical interfaces.</summary>
    public const string NetRxRate = "net.rx_rate";

    /// <summary>Transmitted bytes/s summed over physical interfaces.</summary>
    public const string NetTxRate = "net.tx_rate";

    /// <summary>CPU pressure "some" avg10, percent.</summary>
    public const string PsiCpuSome10 = "psi.cpu.some10";

    /// <summary>Memory pressure "some" avg10, percent.</summary>
    public const string PsiMemorySome10 = "psi.memory.some10";

    /// <summary>Memory pressure "full" avg10, percent.</summary>
    public const string PsiMemoryFull10 = "psi.memory.full10";

    /// <summary>I/O pressure "some" avg10, percent.</summary>
    public const string PsiIoSome10 = "psi.io.some10";

    /// <summary>I/O pressure "full" avg10, percent.</summary>
    public const string PsiIoFull10 = "psi.io.full10";

    /// <summary>1 when the Pi firmware reports any "now" flag (undervoltage, capping, throttling, soft limit), else 0.</summary>
    public const string ThrottledNow = "throttled.now";

    /// <summary>Highest eMMC life-time estimate as an upper bound in percent (110 = exceeded).</summary>
    public const string StorageWearMax = "storage.wear_max_percent";

    /// <summary>Every key <see cref="Extract"/> may write, in a stable order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        Uptime, CpuUsage, CpuIowait, CpuSteal, Load1, Load5, Load15,
        MemTotal, MemAvailable, MemUsedPercent, SwapTotal, SwapUsed, SwapUsedPercent,
        DiskRootSize, DiskRootAvailable, DiskRootUsedPercent, DiskMaxUsedPercent,
        TempMax, NetRxRate, NetTxRate,
        PsiCpuSome10, PsiMemorySome10, PsiMemoryFull10, PsiIoSome10, PsiIoFull10,
        ThrottledNow, StorageWearMax,
    ];

    /// <summary>A running service's cgroup memory, bytes (see <c>Services/Manager/ServiceFootprints</c>).</summary>
    public static string ServiceMemory(string id) => $"service.{id}.memory";

    /// <summary>A running service's CPU use, percent of one core.</summary>
    public static string ServiceCpu(string id) => $"service.{id}.cpu";

    /// <summary>
    /// Whether <paramref name="key"/> names a service metric: <c>service.ID.memory</c> or <c>service.ID.cpu</c> with a
    /// catalogue-shaped id (<c>[a-z0-9-]</c>, 1-40 characters). Ids are not checked against the catalogue here.
    /// </summary>
    public static bool IsServiceMetric(string key)
    {
        if (!key.StartsWith("service.", StringComparison.Ordinal))
        {
            return false;
        }
        var rest = key.AsSpan("service.".Length);
        var dot = rest.LastIndexOf('.');
        if (dot is < 1 or > 40 || rest[(dot + 1)..] is not ("memory" or "cpu"))
        {
            return false;
        }
        foreach (var c in rest[..dot])
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Writes the keys present in <paramref name="s"/> into <paramref name="into"/> (existing keys are overwritten).</summary>
    public static void Extract(ResourceSnapshot s, IDictionary<string, double> into)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(into);
        if (s.UptimeSeconds is { } uptime)
        {
            into[Uptime] = uptime;
        }

        if (s.Cpu is { } cpu)
        {
            into[CpuUsage] = cpu.Total.UsagePercent;
            into[CpuIowait] = cpu.Total.IowaitPercent;
            into[CpuSteal] = cpu.Total.StealPercent;
        }

        if (s.Load is { } load)
        {
            into[Load1] = load.Load1;
            into[Load5] = load.Load5;
            into[Load15] = load.Load15;
        }

        if (s.Memory is { } mem)
        {
            into[MemTotal] = mem.TotalBytes;
            into[MemAvailable] = mem.AvailableBytes;
            into[MemUsedPercent] = mem.UsedPercent;
            into[SwapTotal] = mem.SwapTotalBytes;
            into[SwapUsed] = mem.SwapUsedBytes;
            if (mem.SwapUsedPercent is { } swapPercent)
            {
                into[SwapUsedPercent] = swapPercent;
            }
        }

        ExtractDisks(s.FileSystems, into);
        ExtractTemperatures(s.Temperatures, into);
        ExtractNetwork(s.NetworkInterfaces, into);
        ExtractPressure(s.Pressure, into);

        if (s.Throttling is { } t)
        {
            bool now = t.UndervoltageNow || t.ArmFrequencyCappedNow || t.ThrottledNow || t.SoftTemperatureLimitNow;
            into[ThrottledNow] = now ? 1 : 0;
        }

        int? wear = null;
        foreach (var device in s.StorageWear)
        {
            if (device.LifeTimeUsedPercentMax is { } used && (wear is null || used > wear))
            {
                wear = used;
            }
        }

        if (wear is { } w)
        {
            into[StorageWearMax] = w;
        }
    }

    private static void ExtractDisks(IReadOnlyList<FileSystemSnapshot> fileSystems, IDictionary<string, double> into)
    {
        double? max = null;
        foreach (var fs in fileSystems)
        {
            if (fs.MountPoint == "/")
            {
                into[DiskRootSize] = fs.SizeBytes;
                into[DiskRootAvailable] = fs.AvailableBytes;
                into[DiskRootUsedPercent] = fs.UsedPercent;
            }

            if (max is null || fs.UsedPercent > max)
            {
                max = fs.UsedPercent;
            }
        }

        if (max is { } m)
        {
            into[DiskMaxUsedPercent] = m;
        }
    }

    private static void ExtractTemperatures(IReadOnlyList<TemperatureReading> temperatures, IDictionary<string, double> into)
    {
        if (temperatures.Count == 0)
        {
            return;
        }

        double max = double.MinValue;
        foreach (var t in temperatures)
        {
            max = Math.Max(max, t.Celsius);
        }

        into[TempMax] = max;
    }

    private static void ExtractNetwork(IReadOnlyList<NetworkInterfaceSnapshot> interfaces, IDictionary<string, double> into)
    {
        if (interfaces.Count == 0)
        {
            return; // /proc/net/dev unreadable: no data, not "no traffic"
        }

        // Physical interfaces only: loopback is local, and a bridge or VLAN carries the same
        // bytes as the NIC under it.
        double rx = 0, tx = 0;
        foreach (var nic in interfaces)
        {
            if (nic.IsPhysical && !nic.IsLoopback)
            {
                rx += nic.ReceiveBytesPerSecond;
                tx += nic.TransmitBytesPerSecond;
            }
        }

        into[NetRxRate] = rx;
        into[NetTxRate] = tx;
    }

    private static void ExtractPressure(PressureSnapshot? pressure, IDictionary<string, double> into)
    {
        if (pressure?.Cpu is { } cpu)
        {
            into[PsiCpuSome10] = cpu.Some.Avg10;
        }

        if (pressure?.Memory is { } memory)
        {
            into[PsiMemorySome10] = memory.Some.Avg10;
            if (memory.Full is { } full)
            {
                into[PsiMemoryFull10] = full.Avg10;
            }
        }

        if (pressure?.Io is { } io)
        {
            into[PsiIoSome10] = io.Some.Avg10;
            if (io.Full is { } full)
            {
                into[PsiIoFull10] = full.Avg10;
            }
        }
    }
}
