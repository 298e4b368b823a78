namespace NodeAgent.Contracts;

/// <summary>A change to the node's settings; fields left null stay as they are. Applied whole or not at all.</summary>
/// <param name="Name">New node name (a DNS label).</param>
/// <param name="Community">New community name; empty leaves the community.</param>
/// <param name="LanReadOnly">Open reads of the API to the whole LAN (true) or to loopback and owners only (false).</param>
/// <param name="GuifiNode">The node's guifi.net id (a positive number); 0 removes it.</param>
/// <param name="Services">The complete new list of declared services (an empty list declares none).</param>
/// <param name="Discovery">Backend changes; within a backend, fields left null keep their value.</param>
public sealed record SettingsUpdate(
    string? Name, string? Community, bool? LanReadOnly = null,
    long? GuifiNode = null, IReadOnlyList<DeclaredService>? Services = null, DiscoveryUpdate? Discovery = null)
{
    /// <summary>Whether the update asks for anything at all.</summary>
    public bool IsEmpty => Name is null && Community is null && LanReadOnly is null && GuifiNode is null && Services is null
        && (Discovery is null || (Discovery.Serf is null && Discovery.Etcd is null && Discovery.Avahi is null));
}

/// <summary>Changes to the backends (saved, then applied at once: only a backend whose settings changed restarts).</summary>
public sealed record DiscoveryUpdate(SerfUpdate? Serf = null, EtcdUpdate? Etcd = null, AvahiUpdate? Avahi = null);

/// <summary>Serf changes; <c>authKey</c> "" removes the RPC auth key, null keeps the one set.</summary>
public sealed record SerfUpdate(bool? Enabled = null, string? RpcAddress = null, string? AuthKey = null);

/// <summary>etcd changes; <c>endpoints</c> is the complete new list of client URLs.</summary>
public sealed record EtcdUpdate(bool? Enabled = null, IReadOnlyList<string>? Endpoints = null, string? Prefix = null, int? TtlSeconds = null);

/// <summary>Avahi changes.</summary>
public sealed record AvahiUpdate(bool? Enabled = null, string? ServicesDirectory = null, bool? Browse = null, string? BusAddress = null);
