using NodeAgent.Contracts.Discovery;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery;

/// <summary>Registers the discovery area with the host: declared services, what is published, the change stream and the backends' supervisor.</summary>
internal static class DiscoveryRegistration
{
    /// <param name="services">The host's services; <see cref="NodeContext"/> and <see cref="EventLog"/> must be registered too.</param>
    /// <param name="time">The agent's clock.</param>
    /// <param name="capacity">This node's spare capacity now (null: unknown).</param>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, TimeProvider time, Func<IServiceProvider, SpareCapacity?> capacity)
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
        services.AddSingleton<ChangeHub>();
        services.AddSingleton(sp => new BackendFactory(
            sp.GetRequiredService<NodeContext>(), sp.GetRequiredService<PublishedServices>(), sp.GetRequiredService<ChangeHub>(),
            sp.GetRequiredService<EventLog>(), sp.GetRequiredService<ILoggerFactory>(), time, () => capacity(sp)));
        // The backends themselves are started, stopped and replaced by DiscoveryBackends as the owner's settings say.
        services.AddSingleton<DiscoveryBackends>();
        services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<DiscoveryBackends>());
        services.AddSingleton<ISerfPresence>(sp => sp.GetRequiredService<DiscoveryBackends>());
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryBackends>());
        return services;
    }
}
