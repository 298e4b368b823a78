using System.Net.NetworkInformation;

namespace NodeAgent.Feedback;

/// <summary>
/// Whether the node has a link: any physical interface (one with a <c>device</c> link in
/// <c>/sys/class/net</c>) whose operstate is "up". It may be asked every couple of seconds, so the interface list is
/// rescanned only every <see cref="RescanEvery"/> calls (or when a listed interface vanishes) and a
/// call otherwise reads one small file per physical interface. <see cref="Watch"/> makes the asking event-driven.
/// </summary>
internal sealed class NetworkPresence(string hostRoot)
{
    internal const int RescanEvery = 30;

    private string[] _operstates = [];
    private int _calls;

    public bool? IsUp()
    {
        try
        {
            if (_calls++ % RescanEvery == 0)
            {
                _operstates = Scan();
            }
            foreach (var operstate in _operstates)
            {
                if (IsUpFile(operstate))
                {
                    return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An interface vanishing mid-scan (USB Wi-Fi unplugged) or no /sys at all: unknown, not "down".
            // Rescan next time.
            _calls = 0;
            return null;
        }
    }

    private string[] Scan()
    {
        var found = new List<string>(4);
        foreach (var iface in Directory.EnumerateDirectories(Path.Join(hostRoot, "sys/class/net")))
        {
            if (Path.Exists(Path.Join(iface, "device")))
            {
                found.Add(Path.Join(iface, "operstate"));
            }
        }
        return [.. found];
    }

    /// <summary>
    /// Calls <paramref name="changed"/> when the kernel reports a link (carrier) or address change in this network
    /// namespace: the runtime's netlink listener (<see cref="NetworkChange"/>) rides on the socket engine's thread
    /// already there, so an idle node has nothing to wake for. Null when the listener cannot be made.
    /// </summary>
    public static IDisposable? Watch(Action changed)
    {
        var watch = new LinkWatch(changed);
        try
        {
            NetworkChange.NetworkAvailabilityChanged += watch.OnAvailability;
            NetworkChange.NetworkAddressChanged += watch.OnAddress;
            return watch;
        }
        catch (Exception e) when (e is NetworkInformationException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // No netlink socket (a sandbox without AF_NETLINK, say): the caller polls instead.
            watch.Dispose();
            return null;
        }
    }

    private sealed class LinkWatch(Action changed) : IDisposable
    {
        public void OnAvailability(object? sender, NetworkAvailabilityEventArgs e) => changed();

        public void OnAddress(object? sender, EventArgs e) => changed();

        public void Dispose()
        {
            NetworkChange.NetworkAvailabilityChanged -= OnAvailability;
            NetworkChange.NetworkAddressChanged -= OnAddress;
        }
    }

    private static bool IsUpFile(string path)
    {
        Span<byte> buffer = stackalloc byte[16];
        using var file = File.OpenHandle(path);
        var n = RandomAccess.Read(file, buffer, 0);
        return buffer[..n].TrimEnd((byte)'\n').SequenceEqual("up"u8);
    }
}
