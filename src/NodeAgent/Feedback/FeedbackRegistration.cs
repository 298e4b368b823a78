using NodeAgent.Boards;
using NodeAgent.Configuration;
using NodeAgent.Hosting;

namespace NodeAgent.Feedback;

/// <summary>Registers the board choice, the feedback hardware and <see cref="FeedbackService"/> with the host.</summary>
internal static class FeedbackRegistration
{
    /// <param name="services">The host's services; <see cref="HealthMonitor"/> and <see cref="NodeContext"/> must be registered too.</param>
    /// <param name="options">Agent options: <c>Node:Board</c> and the host root are read from them.</param>
    /// <param name="time">The agent's clock.</param>
    /// <param name="facts">Resource facts for the critical and degraded states; null: nothing measured.</param>
    public static IServiceCollection AddFeedback(this IServiceCollection services, AgentOptions options, TimeProvider time, Func<IServiceProvider, HealthFacts>? facts = null)
    {
        services.AddSingleton(_ => BoardCatalog.LoadDefault());
        services.AddSingleton(sp => BoardDetector.Choose(sp.GetRequiredService<BoardCatalog>(), options.Board, HardwareIdentity.Read(options.HostRoot), BoardDetector.ThisArch));
        services.AddSingleton(new FeedbackOptions());
        // Disposed by the container after the hosted services stopped: LEDs get their kernel triggers back.
        services.AddSingleton(sp => FeedbackDevices.Open(
            sp.GetRequiredService<BoardChoice>().Profile, options.HostRoot, time, GpioChips.Open,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("NodeAgent.Feedback"),
            ExtraOptions.Real(options.Extras, options.HostRoot, () => ScreenFactsOf(sp, facts))));
        services.AddSingleton<INodeConditionsSource>(sp => new AgentConditions(
            sp.GetRequiredService<HealthMonitor>(), sp.GetRequiredService<NodeContext>(), sp.GetRequiredService<IHostApplicationLifetime>(),
            new NetworkPresence(options.HostRoot), facts is null ? () => new HealthFacts() : () => facts(sp)));
        services.AddSingleton(sp => new FeedbackService(
            sp.GetRequiredService<FeedbackDevices>(), sp.GetRequiredService<BoardCatalog>(), sp.GetRequiredService<BoardChoice>(),
            sp.GetRequiredService<INodeConditionsSource>(), sp.GetRequiredService<FeedbackOptions>(), time,
            sp.GetRequiredService<ILogger<FeedbackService>>(), sp.GetRequiredService<NodeContext>().Changes));
        services.AddHostedService(sp => sp.GetRequiredService<FeedbackService>());
        return services;
    }

    /// <summary>The status screen's facts: the name in force, an address (IPv4 first), the latest resource sample.</summary>
    private static ScreenFacts ScreenFactsOf(IServiceProvider sp, Func<IServiceProvider, HealthFacts>? facts)
    {
        var addresses = Discovery.LocalAddresses.Read();
        var measured = facts?.Invoke(sp);
        return new ScreenFacts(
            sp.GetRequiredService<NodeContext>().Settings.Name,
            addresses.FirstOrDefault(a => !a.Contains(':', StringComparison.Ordinal)) ?? (addresses.Count > 0 ? addresses[0] : null),
            measured?.MemoryAvailablePercent, measured?.DiskUsedPercent);
    }
}
