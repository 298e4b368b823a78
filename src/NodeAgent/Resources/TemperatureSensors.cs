using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Finds temperature inputs under <c>/sys/class/thermal</c> and <c>/sys/class/hwmon</c> and
/// reads them. Discovery walks directories, so it runs only when the sampler asks (at start,
/// periodically, and after a sensor vanished); reading is one small file per sensor.
/// </summary>
internal sealed class TemperatureSensors
{
    private readonly HostRoot _root;
    private readonly ProcFileReader _reader;
    private List<TemperatureSensor> _sensors = [];

    public TemperatureSensors(HostRoot root, ProcFileReader reader)
    {
        _root = root;
        _reader = reader;
    }

    /// <summary>Set when a known input disappeared, so the caller rediscovers early.</summary>
    public bool Stale { get; private set; }

    public IReadOnlyList<TemperatureSensor> Sensors => _sensors;

    public void Discover()
    {
        var found = new List<TemperatureSensor>();
        var zoneTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string zone in Sorted(_root.Sys("class/thermal"), "thermal_zone*"))
        {
            string id = Path.GetFileName(zone);
            string type = _reader.ReadLine(Path.Join(zone, "type")) ?? id;
            zoneTypes.Add(type.Replace('-', '_'));
            found.Add(new TemperatureSensor(id, type, null, Path.Join(zone, "temp")));
        }

        foreach (string hwmon in Sorted(_root.Sys("class/hwmon"), "hwmon*"))
        {
            string id = Path.GetFileName(hwmon);
            string name = _reader.ReadLine(Path.Join(hwmon, "name")) ?? id;

            // The thermal core registers an hwmon mirror of each zone, named after the zone type
            // with '-' turned into '_' (hwmon names may not contain '-'): cpu-thermal appears
            // again as hwmon "cpu_thermal". Listing it twice would only add noise.
            if (zoneTypes.Contains(name))
            {
                continue;
            }

            var inputs = new List<string>();
            foreach (string input in Directory.EnumerateFiles(hwmon, "temp*_input"))
            {
                inputs.Add(Path.GetFileName(input)[..^"_input".Length]);
            }

            inputs.Sort(SysfsNameComparer.Instance);
            foreach (string temp in inputs)
            {
                string? label = _reader.ReadLine(Path.Join(hwmon, temp + "_label"));
                found.Add(new TemperatureSensor(id + "/" + temp, name, label, Path.Join(hwmon, temp + "_input")));
            }
        }

        _sensors = found;
        Stale = false;
    }

    public List<TemperatureReading> Read(List<string> problems)
    {
        var readings = new List<TemperatureReading>(_sensors.Count);
        foreach (var sensor in _sensors)
        {
            var status = _reader.Read(sensor.InputPath, out var text);
            if (status == ReadStatus.Missing)
            {
                Stale = true;
                continue;
            }

            if (status == ReadStatus.Failed)
            {
                // Some drivers return EIO/ENODATA while a sensor is powered down; report it but
                // keep the other sensors.
                problems.Add($"{Relative(sensor.InputPath)}: {_reader.LastError}; sensor {sensor.Sensor} omitted");
                continue;
            }

            if (!FieldReader.TryParseLong(text.Trim(), out long milli))
            {
                problems.Add($"{Relative(sensor.InputPath)}: '{CpuUsageTracker.Shorten(text.Trim())}' is not millidegrees; sensor {sensor.Sensor} omitted");
                continue;
            }

            readings.Add(new TemperatureReading
            {
                Sensor = sensor.Sensor,
                Name = sensor.Name,
                Label = sensor.Label,
                Celsius = milli / 1000.0,
            });
        }

        return readings;
    }

    private string Relative(string path) =>
        _root.IsLive ? path : path[_root.Path.Length..];

    private static List<string> Sorted(string directory, string pattern)
    {
        var list = new List<string>();
        if (!Directory.Exists(directory))
        {
            return list;
        }

        // Entries in /sys/class/* are symlinks to device directories, hence FileSystemEntries.
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory, pattern))
        {
            list.Add(entry);
        }

        list.Sort(SysfsNameComparer.Instance);
        return list;
    }
}
