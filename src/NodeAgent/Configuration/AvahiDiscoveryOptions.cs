namespace NodeAgent.Configuration;

/// <summary><c>Discovery:Avahi:*</c>: whether the agent announces its services on the LAN through avahi-daemon.</summary>
internal sealed record AvahiDiscoveryOptions
{
    /// <summary>avahi-daemon's static services directory (Debian's build).</summary>
    public const string DefaultServicesDirectory = "/etc/avahi/services";

    /// <summary>Off unless configured: the embedded default must not write under /etc. The .deb's configuration turns it on.</summary>
    public bool Enabled { get; init; }

    /// <summary>Where the agent writes its <c>nodeagent-*.service</c> files; avahi-daemon watches it (inotify) and reloads.</summary>
    public string ServicesDirectory { get; init; } = DefaultServicesDirectory;
}
