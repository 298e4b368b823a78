namespace NodeAgent.Configuration;

internal static partial class AgentConfigReader
{
    /// <summary><c>Discovery:Avahi:*</c>.</summary>
    internal static AvahiDiscoveryOptions ReadAvahi(ConfigLayers layers, List<string> problems)
    {
        var enabled = false;
        if (layers.TryGet("Discovery:Avahi:Enabled", out var e, out var eo) && !bool.TryParse(e.Trim(), out enabled))
        {
            problems.Add($"{eo}: '{e}' must be true or false");
        }
        var directory = ReadString(layers, "Discovery:Avahi:ServicesDirectory", AvahiDiscoveryOptions.DefaultServicesDirectory, path =>
            !Path.IsPathRooted(path) ? "must be an absolute path, e.g. /etc/avahi/services"
            : File.Exists(path) ? "is a file; give avahi-daemon's services directory"
            : null, problems);
        var browse = true;
        if (layers.TryGet("Discovery:Avahi:Browse", out var b, out var bo) && !bool.TryParse(b.Trim(), out browse))
        {
            problems.Add($"{bo}: '{b}' must be true or false");
        }
        var bus = ReadString(layers, "Discovery:Avahi:BusAddress", AvahiDiscoveryOptions.DefaultBusAddress, address =>
            address.StartsWith("unix:path=", StringComparison.Ordinal) && Path.IsPathRooted(address["unix:path=".Length..])
                ? null : "must be a D-Bus address unix:path=/absolute/socket, e.g. " + AvahiDiscoveryOptions.DefaultBusAddress, problems);
        return new AvahiDiscoveryOptions { Enabled = enabled, ServicesDirectory = directory, Browse = browse, BusAddress = bus };
    }
}
