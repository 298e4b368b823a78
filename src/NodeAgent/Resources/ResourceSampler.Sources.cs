using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using NodeAgent.Contracts;

namespace NodeAgent.Resources;

// One method per source: read the file, parse it, record a problem naming the file when
// either fails. Required sources (present on every Linux) report a missing file; optional
// ones (PSI, get_throttled, sensors) are simply absent.
public sealed partial class ResourceSampler
{
    private readonly SourcePaths _paths;
    private int _samplesSinceAddressRefresh;
    private bool _cpuInfoRead;
    private string? _model;
    private string? _architecture;

    private void SampleUptime(SampleDraft draft)
    {
        if (ReadRequired(draft, _paths.Uptime, "/proc/uptime", "uptime omitted", out var text))
        {
            draft.UptimeSeconds = UptimeParser.Parse(text, out string? error);
            Report(draft, "/proc/uptime", error, "uptime omitted");
        }
    }

    private void SampleCpu(SampleDraft draft)
    {
        if (ReadRequired(draft, _paths.Stat, "/proc/stat", "CPU usage omitted", out var text))
        {
            draft.Cpu = _cpu.Update(text, _model, _architecture, out string? error);
            Report(draft, "/proc/stat", error, "CPU usage omitted");
        }
    }

    private void SampleLoad(SampleDraft draft)
    {
        if (ReadRequired(draft, _paths.LoadAvg, "/proc/loadavg", "load omitted", out var text))
        {
            draft.Load = LoadAvgParser.Parse(text, out string? error);
            Report(draft, "/proc/loadavg", error, "load omitted");
        }
    }

    private void SampleMemory(SampleDraft draft)
    {
        if (ReadRequired(draft, _paths.MemInfo, "/proc/meminfo", "memory omitted", out var text))
        {
            draft.Memory = MemInfoParser.Parse(text, out string? error);
            Report(draft, "/proc/meminfo", error, "memory omitted");
        }
    }

    private void SampleFileSystems(SampleDraft draft)
    {
        if (!ReadRequired(draft, _paths.Mounts, "/proc/mounts", "filesystems omitted", out var text))
        {
            return;
        }

        var mounts = _mounts.Update(text);
        var result = new List<FileSystemSnapshot>(mounts.Count);
        foreach (var mount in mounts)
        {
            if (!_fileSystems.TryGetStats(mount.MountPoint, out var stats, out string? error))
            {
                draft.Problem("filesystem " + mount.MountPoint, error ?? "statvfs failed", "filesystem omitted");
                continue;
            }

            if (stats.Blocks == 0)
            {
                continue; // no capacity at all: a pseudo filesystem the policy did not know
            }

            long unit = (long)stats.FragmentSize;
            long size = (long)stats.Blocks * unit;
            long used = (long)(stats.Blocks - Math.Min(stats.BlocksFree, stats.Blocks)) * unit;
            long available = (long)stats.BlocksAvailable * unit;
            bool hasInodes = stats.Files > 0;
            result.Add(new FileSystemSnapshot
            {
                MountPoint = mount.MountPoint,
                Device = mount.Device,
                FsType = mount.FsType,
                ReadOnly = mount.ReadOnly || stats.ReadOnly,
                SizeBytes = size,
                UsedBytes = used,
                AvailableBytes = available,

                // As df: reserved blocks are neither used nor available to users.
                UsedPercent = Percent.Of(used, used + available),
                Inodes = hasInodes ? (long)stats.Files : null,
                InodesFree = hasInodes ? (long)stats.FilesFree : null,
                InodesUsedPercent = hasInodes ? Percent.Of(stats.Files - stats.FilesFree, stats.Files) : null,
            });
        }

        draft.FileSystems = result;
    }

    private void SampleTemperatures(SampleDraft draft) =>
        draft.Temperatures = _temperatures.Read(draft.Problems);

    private void SampleNetwork(SampleDraft draft)
    {
        if (!ReadRequired(draft, _paths.NetDev, "/proc/net/dev", "network interfaces omitted", out var text))
        {
            return;
        }

        RefreshAddresses(draft);
        draft.NetworkInterfaces = _network.Update(text, draft.ElapsedSeconds, _addresses, out string? error) ?? [];
        Report(draft, "/proc/net/dev", error, "that interface omitted");
    }

    // getifaddrs through NetworkInterface allocates ~70 KB per call on a small host, 25 times
    // more than the rest of a sample, so addresses are refreshed every AddressRefreshEvery
    // samples (a minute at 10 s), and on the sample after a new interface appeared.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Address lookup failure must not drop the interface counters; it is reported in Problems.")]
    private void RefreshAddresses(SampleDraft draft)
    {
        if (_samplesSinceAddressRefresh > 0 && _samplesSinceAddressRefresh < AddressRefreshEvery && !_network.InterfaceAdded)
        {
            _samplesSinceAddressRefresh++;
            return;
        }

        _samplesSinceAddressRefresh = 1;
        _addresses.Clear();
        try
        {
            _addressSource.Collect(_addresses);
        }
        catch (Exception ex)
        {
            _addresses.Clear();
            draft.Problem("interface addresses", $"{ex.GetType().Name}: {ex.Message}", "addresses omitted");
        }
    }

    private void SamplePressure(SampleDraft draft)
    {
        var cpu = ReadPressure(draft, _paths.PressureCpu, "/proc/pressure/cpu");
        var memory = ReadPressure(draft, _paths.PressureMemory, "/proc/pressure/memory");
        var io = ReadPressure(draft, _paths.PressureIo, "/proc/pressure/io");
        draft.Pressure = cpu is null && memory is null && io is null ? null : new PressureSnapshot { Cpu = cpu, Memory = memory, Io = io };
    }

    private PressureResource? ReadPressure(SampleDraft draft, string path, string source)
    {
        var status = _reader.Read(path, out var text);
        if (status == ReadStatus.Missing)
        {
            return null; // kernel without PSI, or booted with psi=0
        }

        if (status == ReadStatus.Failed)
        {
            draft.Problem(source, _reader.LastError, "pressure omitted");
            return null;
        }

        var parsed = PressureParser.Parse(text, out string? error);
        Report(draft, source, error, "pressure omitted");
        return parsed;
    }

    private void SampleThrottling(SampleDraft draft)
    {
        const string Source = "/sys/devices/platform/soc/soc:firmware/get_throttled";
        var status = _reader.Read(_paths.Throttled, out var text);
        if (status == ReadStatus.Ok)
        {
            draft.Throttling = ThrottlingDecoder.Parse(text, out string? error);
            Report(draft, Source, error, "throttling omitted");
        }
        else if (status == ReadStatus.Failed)
        {
            draft.Problem(Source, _reader.LastError, "throttling omitted");
        }
    }

    private void DiscoverCpuInfo()
    {
        if (_cpuInfoRead)
        {
            return; // the CPU model does not change while the machine runs
        }

        _cpuInfoRead = true;
        if (_reader.Read(_paths.CpuInfo, out var cpuinfo) == ReadStatus.Ok)
        {
            _model = CpuInfoParser.FindModel(cpuinfo);
        }

        _architecture = _attributes.ReadLine(_paths.Architecture) ?? (_root.IsLive ? LiveArchitecture() : null);
    }

    // /proc/sys/kernel/arch is recent; on older kernels the agent's own architecture is the
    // kernel's (production never runs emulated), spelled as uname -m spells it.
    private static string? LiveArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "armv7l",
        _ => null,
    };

    private bool ReadRequired(SampleDraft draft, string path, string source, string consequence, out ReadOnlySpan<char> text)
    {
        var status = _reader.Read(path, out text);
        if (status == ReadStatus.Ok)
        {
            return true;
        }

        draft.Problem(
            source,
            status == ReadStatus.Missing ? $"{path} does not exist (is procfs mounted under the host root?)" : _reader.LastError,
            consequence);
        return false;
    }

    private static void Report(SampleDraft draft, string source, string? error, string consequence)
    {
        if (error is not null)
        {
            draft.Problem(source, error, consequence);
        }
    }
}
