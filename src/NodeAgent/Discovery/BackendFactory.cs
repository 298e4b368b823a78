using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Avahi;
using NodeAgent.Discovery.Etcd;
using NodeAgent.Discovery.Serf;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery;

/// <summary>
/// Builds one discovery backend from its settings, each time new: a backend turned off and on again, or given new
/// settings, starts from nothing (a new connection, a new view of the cloud) rather than carrying state over.
/// </summary>
internal sealed class BackendFactory(
    NodeContext node, PublishedServices published, ChangeHub changes, EventLog events, ILoggerFactory loggers, TimeProvider time, Func<SpareCapacity?> capacity)
{
    public const string Serf = "serf";
    public const string Etcd = "etcd";
    public const string Avahi = "avahi";

    /// <summary>Every backend, in the order search asks them.</summary>
    public static readonly string[] Kinds = [Serf, Etcd, Avahi];

    public static string Title(string kind) => kind switch { Serf => "Serf", Etcd => "etcd", _ => "Avahi" };

    /// <summary>The settings of <paramref name="kind"/> in <paramref name="options"/>, as configuration pairs (equal pairs: nothing to restart).</summary>
    public static List<KeyValuePair<string, string>> Settings(string kind, AgentOptions options) => kind switch
    {
        Serf => SettingsSections.Pairs(options.Serf),
        Etcd => SettingsSections.Pairs(options.Etcd),
        _ => SettingsSections.Pairs(options.Avahi),
    };

    /// <summary>A new, not yet started instance of <paramref name="kind"/>; null when <paramref name="options"/> turn it off.</summary>
    public BackendInstance? Create(string kind, AgentOptions options) => kind switch
    {
        Serf when options.Serf.Enabled => CreateSerf(options.Serf),
        Etcd when options.Etcd.Enabled => CreateEtcd(options.Etcd),
        Avahi when options.Avahi.Enabled => CreateAvahi(options.Avahi),
        _ => null,
    };

    private LocalNode Local() => new(node.Identity.Id, node.Settings.Community, node.Settings.Name, node.GuifiNode);

    private BackendInstance CreateSerf(SerfDiscoveryOptions options)
    {
        var view = new CloudView(time, loggers.CreateLogger<CloudView>(), changes);
        var status = Status(CloudView.Source);
        var service = new DiscoveryService(
            options, Local, published, capacity, view, status,
            async ct => await SerfRpcClient.ConnectAsync(options.RpcAddress, options.AuthKey, logger: loggers.CreateLogger<SerfRpcClient>(), cancellationToken: ct).ConfigureAwait(false),
            new DiscoveryTimings(), time, loggers.CreateLogger<DiscoveryService>());
        return new BackendInstance(Serf, [service], service, status, () => view.Reconcile([]));
    }

    private BackendInstance CreateEtcd(EtcdDiscoveryOptions options)
    {
        var view = new EtcdView(options.Prefix, changes, time, loggers.CreateLogger<EtcdView>());
        var status = Status(EtcdView.Source);
        var service = new EtcdDiscoveryService(
            options, Local, published, capacity, LocalAddresses.Read, view, status,
            new EtcdClient(options.Endpoints, logger: loggers.CreateLogger<EtcdClient>()),
            new DiscoveryTimings(), time, loggers.CreateLogger<EtcdDiscoveryService>());
        return new BackendInstance(Etcd, [service], service, status, () => view.Replace([]));
    }

    private BackendInstance CreateAvahi(AvahiDiscoveryOptions options)
    {
        var status = Status("avahi");
        var publisher = new AvahiPublisher(options, Local, published, node.Changes, status, loggers.CreateLogger<AvahiPublisher>(), daemonWatched: options.Browse);
        if (!options.Browse)
        {
            return new BackendInstance(Avahi, [publisher], null, status, () => { });
        }
        var view = new AvahiLanView(changes, time);
        var browser = new AvahiBrowser(options, view, status, loggers.CreateLogger<AvahiBrowser>());
        return new BackendInstance(Avahi, [publisher, browser], browser, status, view.Clear);
    }

    /// <summary>A backend's state; its transitions go to the event log.</summary>
    private DiscoveryStatus Status(string backend)
    {
        var logger = loggers.CreateLogger("NodeAgent.Discovery");
        return new DiscoveryStatus(time, (kind, severity, message) => events.TryAppend(kind, severity, message, logger), backend);
    }
}
