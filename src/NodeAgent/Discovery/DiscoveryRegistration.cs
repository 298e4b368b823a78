using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Serf;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery;

/// <summary>Registers the discovery area with the host: declared services, the cloud view and, when enabled, the Serf backend.</summary>
internal static partial class DiscoveryRegistration
{
    /// <param name="services">The host's services; <see cref="NodeContext"/> and <see cref="EventLog"/> must be registered too.</param>
    /// <param name="options">Agent options: <c>Services</c> and <c>Discovery:Serf</c> are read from them.</param>
    /// <param name="time">The agent's clock.</param>
    /// <param name="capacity">This node's spare capacity now (null: unknown).</param>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, AgentOptions options, TimeProvider time, Func<IServiceProvider, SpareCapacity?> capacity)
    {
        services.AddSingleton<IServiceSource>(new DeclaredServices(options.Services));
        services.AddSingleton(sp => new CloudView(time, sp.GetRequiredService<ILogger<CloudView>>()));
        services.AddSingleton(sp =>
        {
            var events = sp.GetRequiredService<EventLog>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("NodeAgent.Discovery");
            return new DiscoveryStatus(time, (kind, severity, message) =>
            {
                try
                {
                    events.Append(kind, severity, message);
                }
                catch (StoreException e)
                {
                    // A full disk must not stop discovery; /healthz reports the store.
                    Log.NotRecorded(logger, kind, e.Message);
                }
            });
        });
        if (!options.Serf.Enabled)
        {
            return services;
        }
        services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<DiscoveryStatus>());
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<NodeContext>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return new DiscoveryService(
                options.Serf,
                () => new LocalNode(node.Identity.Id, node.Settings.Community),
                sp.GetRequiredService<IServiceSource>(),
                () => capacity(sp),
                sp.GetRequiredService<CloudView>(),
                sp.GetRequiredService<DiscoveryStatus>(),
                async ct => await SerfRpcClient.ConnectAsync(options.Serf.RpcAddress, options.Serf.AuthKey, logger: loggers.CreateLogger<SerfRpcClient>(), cancellationToken: ct).ConfigureAwait(false),
                new DiscoveryTimings(),
                time,
                loggers.CreateLogger<DiscoveryService>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryService>());
        return services;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "discovery: event {Kind} not recorded: {Reason}")]
        public static partial void NotRecorded(ILogger logger, string kind, string reason);
    }
}
