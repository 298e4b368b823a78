using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

internal sealed partial class NodeContext
{
    private const string Saved = "saved";
    private const string Config = "config";

    /// <summary>The settings in force.</summary>
    public NodeSettings Settings
    {
        get
        {
            var saved = _saved;
            var serf = saved.Serf ?? _configured.Serf;
            var etcd = saved.Etcd ?? _configured.Etcd;
            var avahi = saved.Avahi ?? _configured.Avahi;
            return new NodeSettings(
                saved.Name ?? Options.NodeName, Source(saved.Name),
                saved.Community ?? Options.Community, Source(saved.Community),
                saved.LanReadOnly ?? false,
                GuifiNode, Source(saved.GuifiNode),
                DeclaredServices.Select(ToContract).ToList(), Source(saved.Services),
                new DiscoverySettings(
                    new SerfSettings(serf.Enabled, serf.RpcAddress.ToString(), serf.AuthKey is not null, Source(saved.Serf)),
                    new EtcdSettings(etcd.Enabled, etcd.Endpoints, etcd.Prefix, (int)etcd.Ttl.TotalSeconds, Source(saved.Etcd)),
                    new AvahiSettings(avahi.Enabled, avahi.ServicesDirectory, avahi.Browse, avahi.BusAddress, Source(saved.Avahi))));
        }
    }

    /// <summary>The options with the discovery backends in force now (the owner's saved ones over the configuration).</summary>
    public AgentOptions BackendOptions => StartOptions(_configured, _saved);

    /// <summary>
    /// The options to start with: the configuration with the owner's saved services, guifi.net id and discovery
    /// backends laid over it (name and community are read through <see cref="Settings"/> instead).
    /// </summary>
    public static AgentOptions StartOptions(AgentOptions configured, SavedSettings saved) => configured with
    {
        GuifiNode = saved.GuifiNode switch { 0 => null, { } id => id, null => configured.GuifiNode },
        Services = saved.Services ?? configured.Services,
        Serf = saved.Serf ?? configured.Serf,
        Etcd = saved.Etcd ?? configured.Etcd,
        Avahi = saved.Avahi ?? configured.Avahi,
    };

    private static string Source(object? saved) => saved is null ? Config : Saved;

    private static DeclaredService ToContract(LocalService s) =>
        new(s.Type, s.Name, s.Port, s.Fields.Select(f => $"{f.Key}={f.Value}").ToList());
}
