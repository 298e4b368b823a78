using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Etcd;
using NodeAgent.Discovery.Serf;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery;

/// <summary>Registers the discovery area with the host: declared services, the cloud view and, when enabled, the Serf and etcd backends and the Avahi announcement.</summary>
internal static partial class DiscoveryRegistration
{
    /// <param name="services">The host's services; <see cref="NodeContext"/> and <see cref="EventLog"/> must be registered too.</param>
    /// <param name="options">Agent options: <c>Services</c>, <c>Discovery:Serf</c> and <c>Discovery:Etcd</c> are read from them.</param>
    /// <param name="time">The agent's clock.</param>
    /// <param name="capacity">This node's spare capacity now (null: unknown).</param>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, AgentOptions options, TimeProvider time, Func<IServiceProvider, SpareCapacity?> capacity)
    {
        // The owner's declared services follow the settings at once; the service manager adds its healthy ones on top
        // (it replaces IServiceSource), and every backend publishes them with the guifi.net id through PublishedServices.
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<NodeContext>();
            var declared = new DeclaredServices(node.DeclaredServices);
            node.PublishedChanged += (_, _) => declared.Replace(node.DeclaredServices);
            return declared;
        });
        services.AddSingleton<IServiceSource>(sp => sp.GetRequiredService<DeclaredServices>());
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<NodeContext>();
            return new PublishedServices(sp.GetRequiredService<IServiceSource>(), () => node.GuifiNode, handler => node.PublishedChanged += handler);
        });
        services.AddSingleton(sp => new CloudView(time, sp.GetRequiredService<ILogger<CloudView>>()));
        if (options.Serf.Enabled)
        {
            services.AddSingleton(sp =>
            {
                var node = sp.GetRequiredService<NodeContext>();
                var loggers = sp.GetRequiredService<ILoggerFactory>();
                return new DiscoveryService(
                    options.Serf,
                    () => new LocalNode(node.Identity.Id, node.Settings.Community, node.Settings.Name, node.GuifiNode),
                    sp.GetRequiredService<PublishedServices>(),
                    () => capacity(sp),
                    sp.GetRequiredService<CloudView>(),
                    Status(sp, time, CloudView.Source),
                    async ct => await SerfRpcClient.ConnectAsync(options.Serf.RpcAddress, options.Serf.AuthKey, logger: loggers.CreateLogger<SerfRpcClient>(), cancellationToken: ct).ConfigureAwait(false),
                    new DiscoveryTimings(),
                    time,
                    loggers.CreateLogger<DiscoveryService>());
            });
            services.AddSingleton<IDiscoveryBackend>(sp => sp.GetRequiredService<DiscoveryService>());
            services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<DiscoveryService>().Status);
            services.AddHostedService(sp => sp.GetRequiredService<DiscoveryService>());
        }
        if (options.Etcd.Enabled)
        {
            services.AddSingleton(sp =>
            {
                var node = sp.GetRequiredService<NodeContext>();
                var loggers = sp.GetRequiredService<ILoggerFactory>();
                return new EtcdDiscoveryService(
                    options.Etcd,
                    () => new LocalNode(node.Identity.Id, node.Settings.Community, node.Settings.Name, node.GuifiNode),
                    sp.GetRequiredService<PublishedServices>(),
                    () => capacity(sp),
                    LocalAddresses.Read,
                    new EtcdView(options.Etcd.Prefix, sp.GetRequiredService<CloudView>().Changes, time, loggers.CreateLogger<EtcdView>()),
                    Status(sp, time, EtcdView.Source),
                    new EtcdClient(options.Etcd.Endpoints, logger: loggers.CreateLogger<EtcdClient>()),
                    new DiscoveryTimings(),
                    time,
                    loggers.CreateLogger<EtcdDiscoveryService>());
            });
            services.AddSingleton<IDiscoveryBackend>(sp => sp.GetRequiredService<EtcdDiscoveryService>());
            services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<EtcdDiscoveryService>().Status);
            services.AddHostedService(sp => sp.GetRequiredService<EtcdDiscoveryService>());
        }
        if (options.Avahi.Enabled)
        {
            services.AddSingleton(sp =>
            {
                var node = sp.GetRequiredService<NodeContext>();
                return new Avahi.AvahiPublisher(
                    options.Avahi,
                    () => new LocalNode(node.Identity.Id, node.Settings.Community, node.Settings.Name, node.GuifiNode),
                    sp.GetRequiredService<PublishedServices>(),
                    node.Changes,
                    sp.GetRequiredService<Avahi.AvahiStatus>().Status,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<Avahi.AvahiPublisher>(),
                    daemonWatched: options.Avahi.Browse);
            });
            services.AddSingleton(sp => new Avahi.AvahiStatus(Status(sp, time, "avahi")));
            services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<Avahi.AvahiStatus>().Status);
            services.AddHostedService(sp => sp.GetRequiredService<Avahi.AvahiPublisher>());
            if (options.Avahi.Browse)
            {
                services.AddSingleton(sp => new Avahi.AvahiBrowser(
                    options.Avahi,
                    new Avahi.AvahiLanView(sp.GetRequiredService<CloudView>().Changes, time),
                    sp.GetRequiredService<Avahi.AvahiStatus>().Status,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<Avahi.AvahiBrowser>()));
                services.AddSingleton<IDiscoveryBackend>(sp => sp.GetRequiredService<Avahi.AvahiBrowser>());
                services.AddHostedService(sp => sp.GetRequiredService<Avahi.AvahiBrowser>());
            }
        }
        return services;
    }

    /// <summary>A backend's state; its transitions go to the event log.</summary>
    private static DiscoveryStatus Status(IServiceProvider sp, TimeProvider time, string backend)
    {
        var events = sp.GetRequiredService<EventLog>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("NodeAgent.Discovery");
        return new DiscoveryStatus(time, (kind, severity, message) => events.TryAppend(kind, severity, message, logger), backend);
    }
}
