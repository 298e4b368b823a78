namespace NodeAgent.Feedback;

/// <summary>
/// Whether the node has a usable link: a physical interface (one with a <c>device</c> link in
/// <c>/sys/class/net/IF</c>; bridges, veths and loopback have none) whose operstate is <c>up</c>.
/// </summary>
internal sealed class NetworkPresence(string hostRoot)
{
    /// <summary>True when a physical interface is up, false when none is, null when /sys/class/net cannot be read.</summary>
    public bool? IsUp()
    {
        var net = Path.Join(hostRoot, "sys/class/net");
        try
        {
            foreach (var iface in Directory.EnumerateDirectories(net))
            {
                if (Path.Exists(Path.Join(iface, "device"))
                    && File.ReadAllText(Path.Join(iface, "operstate")).Trim() == "up")
                {
                    return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An interface vanishing mid-scan (USB Wi-Fi unplugged) or no /sys at all: unknown, not "down".
            return null;
        }
    }
}
