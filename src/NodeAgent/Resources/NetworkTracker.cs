using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Parses <c>/proc/net/dev</c> and computes byte rates against the previous call. Per-interface
/// state is looked up by span so a steady set of interfaces allocates no name strings.
/// Interfaces that disappear are forgotten; one that comes back starts again at rate 0.
/// </summary>
internal sealed class NetworkTracker
{
    private readonly HostRoot _root;
    private readonly ProcFileReader _reader;
    private readonly Dictionary<string, InterfaceState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InterfaceState>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly List<string> _gone = [];
    private int _generation;

    /// <summary>True when the last <see cref="Update"/> saw an interface that an earlier update had not.</summary>
    public bool InterfaceAdded { get; private set; }

    public NetworkTracker(HostRoot root, ProcFileReader reader)
    {
        _root = root;
        _reader = reader;
        _byName = _states.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Parses <paramref name="netDev"/>. The reader given to the constructor reads operstate
    /// files while the text is walked, so it must not be the reader that holds
    /// <paramref name="netDev"/>. <paramref name="elapsedSeconds"/> is 0 on the first sample,
    /// which makes every rate 0.
    /// </summary>
    public List<NetworkInterfaceSnapshot>? Update(
        ReadOnlySpan<char> netDev, double elapsedSeconds, Dictionary<string, List<string>> addresses, out string? error)
    {
        _generation++;
        InterfaceAdded = false;
        var result = new List<NetworkInterfaceSnapshot>(_states.Count + 1);
        error = null;
        Span<long> v = stackalloc long[16];
        foreach (var line in netDev.EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue; // the two header lines have '|' but no ':'
            }

            var name = line[..colon].Trim();
            var fields = new FieldReader(line[(colon + 1)..]);
            int count = 0;
            while (count < 16 && fields.TryNextLong(out long value))
            {
                v[count++] = value;
            }

            if (count < 16)
            {
                error = $"line for '{name}' has {count} numeric fields, expected 16";
                continue;
            }

            if (!_byName.TryGetValue(name, out var state))
            {
                string key = name.ToString();
                state = new InterfaceState(key, _root);
                _states[key] = state;

                // On the first update every interface is new, and addresses were just fetched.
                InterfaceAdded = _generation > 1;
            }

            state.Generation = _generation;
            double rx = Rate(state.HasPrevious, state.ReceiveBytes, v[0], elapsedSeconds);
            double tx = Rate(state.HasPrevious, state.TransmitBytes, v[8], elapsedSeconds);
            state.ReceiveBytes = v[0];
            state.TransmitBytes = v[8];
            state.HasPrevious = true;

            result.Add(new NetworkInterfaceSnapshot
            {
                Name = state.Name,
                OperState = ReadOperState(state.OperStatePath),
                IsLoopback = state.Name == "lo",
                IsPhysical = state.IsPhysical,
                ReceiveBytes = v[0],
                ReceivePackets = v[1],
                ReceiveErrors = v[2],
                ReceiveDropped = v[3],
                TransmitBytes = v[8],
                TransmitPackets = v[9],
                TransmitErrors = v[10],
                TransmitDropped = v[11],
                ReceiveBytesPerSecond = rx,
                TransmitBytesPerSecond = tx,
                Addresses = addresses.TryGetValue(state.Name, out var list) ? list : [],
            });
        }

        Forget();
        return result;
    }

    private static double Rate(bool hasPrevious, long previous, long current, double elapsedSeconds)
    {
        // current < previous: the counter wrapped (32-bit on old drivers) or the interface was
        // re-created; one sample at 0 is better than a huge or negative spike.
        if (!hasPrevious || elapsedSeconds <= 0 || current < previous)
        {
            return 0;
        }

        return Math.Round((current - previous) / elapsedSeconds, 2, MidpointRounding.AwayFromZero);
    }

    private string? ReadOperState(string path)
    {
        if (_reader.Read(path, out var text) != ReadStatus.Ok)
        {
            return null;
        }

        // Map to literals so the usual values cost no allocation.
        var state = text.Trim();
        return state switch
        {
            "up" => "up",
            "down" => "down",
            "unknown" => "unknown",
            "dormant" => "dormant",
            "lowerlayerdown" => "lowerlayerdown",
            "notpresent" => "notpresent",
            "testing" => "testing",
            _ => state.IsEmpty ? null : state.ToString(),
        };
    }

    private void Forget()
    {
        if (_states.Count == 0)
        {
            return;
        }

        foreach (var (name, state) in _states)
        {
            if (state.Generation != _generation)
            {
                _gone.Add(name);
            }
        }

        foreach (string name in _gone)
        {
            _states.Remove(name);
        }

        _gone.Clear();
    }

    private sealed class InterfaceState
    {
        public InterfaceState(string name, HostRoot root)
        {
            Name = name;
            string dir = root.Sys("class/net/" + name);
            OperStatePath = Path.Join(dir, "operstate");

            // Decided once: whether an interface has a device behind it does not change.
            IsPhysical = Directory.Exists(Path.Join(dir, "device"));
        }

        public string Name { get; }

        public string OperStatePath { get; }

        public bool IsPhysical { get; }

        public bool HasPrevious { get; set; }

        public long ReceiveBytes { get; set; }

        public long TransmitBytes { get; set; }

        public int Generation { get; set; }
    }
}
