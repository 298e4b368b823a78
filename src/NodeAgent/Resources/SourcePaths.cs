namespace NodeAgent.Resources;

/// <summary>The fixed files a sample reads, joined once so sampling builds no path strings.</summary>
internal sealed class SourcePaths
{
    public SourcePaths(HostRoot root)
    {
        Uptime = root.Proc("uptime");
        Stat = root.Proc("stat");
        CpuInfo = root.Proc("cpuinfo");
        Architecture = root.Proc("sys/kernel/arch");
        LoadAvg = root.Proc("loadavg");
        MemInfo = root.Proc("meminfo");

        // The root's own mount table (/proc/mounts is a link to /proc/self/mounts on a live host).
        Mounts = root.Proc("mounts");
        NetDev = root.Proc("net/dev");
        PressureCpu = root.Proc("pressure/cpu");
        PressureMemory = root.Proc("pressure/memory");
        PressureIo = root.Proc("pressure/io");
        Throttled = root.Sys("devices/platform/soc/soc:firmware/get_throttled");
    }

    public string Uptime { get; }

    public string Stat { get; }

    public string CpuInfo { get; }

    public string Architecture { get; }

    public string LoadAvg { get; }

    public string MemInfo { get; }

    public string Mounts { get; }

    public string NetDev { get; }

    public string PressureCpu { get; }

    public string PressureMemory { get; }

    public string PressureIo { get; }

    public string Throttled { get; }
}
