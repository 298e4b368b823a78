using System.Diagnostics.CodeAnalysis;
using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Samples <c>/proc</c> and <c>/sys</c> under a <see cref="HostRoot"/>. Stateful: CPU usage and
/// network rates are deltas against the previous <see cref="Sample"/>. On the first call CPU
/// usage is the average since boot (from the boot-time totals) and every network rate is 0.
/// Built to be called every few seconds for months on a 512 MB board: file buffers are reused,
/// mounts are re-parsed only when they change, and sensors are rediscovered only every
/// <see cref="RediscoverEvery"/> samples. No timers or threads: the caller owns the schedule.
/// </summary>
public sealed partial class ResourceSampler : IResourceSampler
{
    /// <summary>
    /// Samples between hardware rediscovery (thermal/hwmon sensors, MMC wear). hwmon drivers
    /// such as k10temp are often loaded by udev after the agent starts, so discovery must repeat;
    /// at a 10 s interval this is every 5 minutes.
    /// </summary>
    public const int RediscoverEvery = 30;

    /// <summary>Samples between interface address lookups (addresses change rarely; the lookup is the costliest step).</summary>
    public const int AddressRefreshEvery = 6;

    private readonly HostRoot _root;
    private readonly TimeProvider _time;
    private readonly IFileSystemStats _fileSystems;
    private readonly INetworkAddressSource _addressSource;

    // Two readers: the network tracker and sensors read small sysfs attributes while the main
    // reader's buffer still holds /proc/net/dev.
    private readonly ProcFileReader _reader = new();
    private readonly ProcFileReader _attributes = new();

    private readonly CpuUsageTracker _cpu = new();
    private readonly MountTable _mounts = new();
    private readonly NetworkTracker _network;
    private readonly TemperatureSensors _temperatures;
    private readonly Dictionary<string, List<string>> _addresses = new(StringComparer.Ordinal);
    private readonly SampleDraft _draft = new();

    // Source name and reader per section, built once so a sample allocates no delegates.
    private readonly (string Source, Action<SampleDraft> Read)[] _sections;

    private IReadOnlyList<StorageWearSnapshot> _wear = [];
    private long _lastTimestamp;
    private bool _hasSampled;
    private int _samplesSinceDiscovery;

    /// <summary>
    /// Creates a sampler using statvfs for filesystems and, when <paramref name="root"/> is the
    /// live root, the kernel's interface addresses.
    /// </summary>
    public ResourceSampler(HostRoot root, TimeProvider time)
        : this(
            root,
            time,
            new LibcFileSystemStats(root ?? throw new ArgumentNullException(nameof(root))),
            root.IsLive ? new SystemNetworkAddresses() : NoNetworkAddresses.Instance)
    {
    }

    /// <summary>Creates a sampler with explicit seams (tests, or a host root mounted in a container).</summary>
    public ResourceSampler(HostRoot root, TimeProvider time, IFileSystemStats fileSystems, INetworkAddressSource addresses)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(fileSystems);
        ArgumentNullException.ThrowIfNull(addresses);
        _root = root;
        _time = time;
        _fileSystems = fileSystems;
        _addressSource = addresses;
        _paths = new SourcePaths(root);
        _network = new NetworkTracker(root, _attributes);
        _temperatures = new TemperatureSensors(root, _attributes);
        _sections =
        [
            ("/proc/uptime", SampleUptime),
            ("/proc/stat", SampleCpu),
            ("/proc/loadavg", SampleLoad),
            ("/proc/meminfo", SampleMemory),
            ("/proc/mounts", SampleFileSystems),
            ("/sys/class/thermal, /sys/class/hwmon", SampleTemperatures),
            ("/proc/net/dev", SampleNetwork),
            ("/proc/pressure", SamplePressure),
            ("get_throttled", SampleThrottling),
        ];
    }

    /// <inheritdoc/>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Sample() must never throw; the exception is reported in Problems.")]
    public ResourceSnapshot Sample()
    {
        long now = _time.GetTimestamp();
        double elapsed = _hasSampled ? _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds : 0;
        _lastTimestamp = now;
        _hasSampled = true;

        var draft = _draft;
        draft.Reset(elapsed);
        if (_samplesSinceDiscovery == 0 || _samplesSinceDiscovery >= RediscoverEvery || _temperatures.Stale)
        {
            _samplesSinceDiscovery = 0;
            Discover(draft);
        }

        _samplesSinceDiscovery++;
        foreach (var (source, read) in _sections)
        {
            // Last line of defence: a parser bug must cost one section of one sample, not the
            // sampling loop.
            try
            {
                read(draft);
            }
            catch (Exception ex)
            {
                draft.Problem(source, $"{ex.GetType().Name}: {ex.Message}", "section omitted from this sample");
            }
        }

        return new ResourceSnapshot
        {
            Timestamp = _time.GetUtcNow(),
            UptimeSeconds = draft.UptimeSeconds,
            Cpu = draft.Cpu,
            Load = draft.Load,
            Memory = draft.Memory,
            FileSystems = draft.FileSystems,
            Temperatures = draft.Temperatures,
            NetworkInterfaces = draft.NetworkInterfaces,
            Pressure = draft.Pressure,
            Throttling = draft.Throttling,
            StorageWear = _wear,
            Problems = draft.Problems.Count == 0 ? [] : draft.Problems.ToArray(),
        };
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Discovery failures are reported in Problems; sampling continues with what was found before.")]
    private void Discover(SampleDraft draft)
    {
        try
        {
            _temperatures.Discover();
            _wear = StorageWearReader.Read(_root, _attributes, draft.Problems);
            DiscoverCpuInfo();
        }
        catch (Exception ex)
        {
            draft.Problem("hardware discovery (/sys/class/thermal, /sys/class/hwmon, /sys/block)", $"{ex.GetType().Name}: {ex.Message}", "sensors and wear keep their previous list");
        }
    }
}
