namespace NodeAgent.Contracts;

/// <summary>The node's settings in force, and where each came from (<c>GET /api/v1/settings</c>).</summary>
/// <param name="Name">Node name.</param>
/// <param name="NameSource"><c>saved</c> (changed by the owner) or <c>config</c>.</param>
/// <param name="Community">Community name; empty when in none.</param>
/// <param name="CommunitySource"><c>saved</c> or <c>config</c>.</param>
/// <param name="LanReadOnly">Reads of the API are open to the whole LAN without an owner session (changes never are).</param>
/// <param name="GuifiNode">The node's id in guifi.net's database; null when it has none. Published at once.</param>
/// <param name="GuifiNodeSource"><c>saved</c> or <c>config</c>.</param>
/// <param name="Services">The services declared by hand and published now (they apply at once).</param>
/// <param name="ServicesSource"><c>saved</c> or <c>config</c>.</param>
/// <param name="Discovery">The discovery backends as the agent's next start uses them.</param>
public sealed record NodeSettings(
    string Name, string NameSource, string Community, string CommunitySource, bool LanReadOnly = false,
    int? GuifiNode = null, string GuifiNodeSource = "config",
    IReadOnlyList<DeclaredService>? Services = null, string ServicesSource = "config",
    DiscoverySettings? Discovery = null);

/// <summary>A service declared by hand: published while the agent runs.</summary>
/// <param name="Type">DNS-SD type, e.g. <c>_syncthing._tcp</c>.</param>
/// <param name="Name">Instance name, unique per type on this node.</param>
/// <param name="Port">Port 1-65535.</param>
/// <param name="Fields">TXT-style fields, each <c>key=value</c> as in the configuration file.</param>
public sealed record DeclaredService(string? Type, string? Name, int? Port, IReadOnlyList<string>? Fields = null);

/// <summary>The backends' settings in force: a change is saved and applied at once (the backend it touches restarts).</summary>
public sealed record DiscoverySettings(SerfSettings Serf, EtcdSettings Etcd, AvahiSettings Avahi);

/// <summary>Serf; <c>authKeySet</c> says whether an RPC auth key is set (the key itself is never shown).</summary>
public sealed record SerfSettings(bool Enabled, string RpcAddress, bool AuthKeySet, string Source);

/// <summary>etcd.</summary>
public sealed record EtcdSettings(bool Enabled, IReadOnlyList<string> Endpoints, string Prefix, int TtlSeconds, string Source);

/// <summary>Avahi (mDNS on the LAN).</summary>
public sealed record AvahiSettings(bool Enabled, string ServicesDirectory, bool Browse, string BusAddress, string Source);
