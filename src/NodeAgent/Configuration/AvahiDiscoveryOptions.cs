namespace NodeAgent.Configuration;

/// <summary><c>Discovery:Avahi:*</c>: announcing this node's services on the LAN through avahi-daemon, and browsing the LAN for search.</summary>
internal sealed record AvahiDiscoveryOptions
{
    /// <summary>avahi-daemon's static services directory (Debian's build).</summary>
    public const string DefaultServicesDirectory = "/etc/avahi/services";

    /// <summary>The D-Bus system bus, where avahi-daemon answers.</summary>
    public const string DefaultBusAddress = "unix:path=/run/dbus/system_bus_socket";

    /// <summary>Off unless configured: the embedded default must not write under /etc. The .deb's configuration turns it on.</summary>
    public bool Enabled { get; init; }

    /// <summary>Where the agent writes its <c>nodeagent-*.service</c> files; avahi-daemon watches it (inotify) and reloads.</summary>
    public string ServicesDirectory { get; init; } = DefaultServicesDirectory;

    /// <summary>Whether search also browses the LAN through avahi-daemon (on when Avahi is enabled).</summary>
    public bool Browse { get; init; } = true;

    /// <summary>The D-Bus address avahi-daemon is reached at.</summary>
    public string BusAddress { get; init; } = DefaultBusAddress;
}
