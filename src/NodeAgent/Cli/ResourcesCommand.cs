using System.CommandLine;
using System.Globalization;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent resources</c>: the node's latest resource sample, for a person or (--json) a script.</summary>
internal static class ResourcesCommand
{
    public static Command Create()
    {
        var command = new Command("resources", "Show CPU, memory, disks, temperatures, network and pressure as the agent last sampled them.")
        {
            ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var s = await client.GetAsync("api/v1/resources", AgentJsonContext.Default.ResourceSnapshot, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(s);
            }
            else
            {
                Print(s, Console.Out);
            }
        }, cancellationToken));
        return command;
    }

    internal static void Print(ResourceSnapshot s, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"Sampled    {s.Timestamp:yyyy-MM-dd HH:mm:ss}Z{(s.UptimeSeconds is { } up ? $", host up {Durations.Format(up)}" : "")}"));
        if (s.Cpu is { } cpu)
        {
            o.WriteLine(string.Create(c, $"CPU        {cpu.Total.UsagePercent,5:0.0} %  of {cpu.CoreCount} cores (iowait {cpu.Total.IowaitPercent:0.0} %){(cpu.Model is null ? "" : "  " + cpu.Model)}"));
        }
        if (s.Load is { } load)
        {
            o.WriteLine(string.Create(c, $"Load       {load.Load1:0.00} {load.Load5:0.00} {load.Load15:0.00}  ({load.RunningTasks}/{load.TotalTasks} tasks)"));
        }
        if (s.Memory is { } m)
        {
            o.WriteLine(string.Create(c, $"Memory     {m.UsedPercent,5:0.0} %  used, {Bytes(m.AvailableBytes)} available of {Bytes(m.TotalBytes)}"));
            if (m.SwapTotalBytes > 0)
            {
                o.WriteLine(string.Create(c, $"Swap       {m.SwapUsedPercent ?? 0,5:0.0} %  used of {Bytes(m.SwapTotalBytes)}"));
            }
        }
        foreach (var fs in s.FileSystems)
        {
            o.WriteLine(string.Create(c, $"Disk       {fs.UsedPercent,5:0.0} %  used, {Bytes(fs.AvailableBytes)} free of {Bytes(fs.SizeBytes)}  {fs.MountPoint} ({fs.FsType}{(fs.ReadOnly ? ", read-only" : "")})"));
        }
        foreach (var t in s.Temperatures)
        {
            o.WriteLine(string.Create(c, $"Temp       {t.Celsius,5:0.0} °C {t.Name}{(t.Label is null ? "" : " " + t.Label)}"));
        }
        foreach (var n in s.NetworkInterfaces)
        {
            if (!n.IsLoopback)
            {
                o.WriteLine(string.Create(c, $"Net        {n.Name,-10} {n.OperState ?? "?",-5} rx {Bytes((long)n.ReceiveBytesPerSecond)}/s tx {Bytes((long)n.TransmitBytesPerSecond)}/s  {string.Join(' ', n.Addresses)}"));
            }
        }
        if (s.Pressure is { } p)
        {
            o.WriteLine(string.Create(c, $"Pressure   cpu {p.Cpu?.Some.Avg10 ?? 0:0.0} %  memory {p.Memory?.Some.Avg10 ?? 0:0.0} %  io {p.Io?.Some.Avg10 ?? 0:0.0} %  (some, 10 s)"));
        }
        if (s.Throttling is { } th)
        {
            o.WriteLine($"Power      {(th.UndervoltageNow ? "UNDERVOLTAGE NOW" : th.UndervoltageOccurred ? "undervoltage occurred since boot" : "ok")}{(th.ThrottledNow ? ", throttled now" : "")}");
        }
        foreach (var w in s.StorageWear)
        {
            o.WriteLine(string.Create(c, $"Wear       {w.Device}: {(w.LifeTimeUsedPercentMax is { } used ? $"{used} % of rated life used" : "no estimate")}{(w.PreEolInfo is 3 ? ", URGENT: replace soon" : w.PreEolInfo is 2 ? ", warning: reserved blocks low" : "")}"));
        }
        foreach (var problem in s.Problems)
        {
            o.WriteLine($"Problem    {problem}");
        }
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
