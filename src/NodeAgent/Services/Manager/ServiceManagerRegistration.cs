using Microsoft.Extensions.DependencyInjection.Extensions;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Hosting;
using NodeAgent.Services.Catalogue;
using NodeAgent.Storage;

namespace NodeAgent.Services.Manager;

/// <summary>Registers the service manager; call after AddDiscovery, whose service source it widens to managed services.</summary>
internal static partial class ServiceManagerRegistration
{
    public static IServiceCollection AddServiceManager(this IServiceCollection services, AgentOptions options, TimeProvider time)
    {
        services.AddSingleton(sp =>
        {
            var history = sp.GetRequiredService<HistoryRecorder>();
            return new ServiceFootprints((metric, since) => Peak(history.Query(HistoryResolution.Fine, metric, HistoryResolution.Fine.BucketOf(since))), time);
        });
        services.AddSingleton<IHistorySource>(sp => sp.GetRequiredService<ServiceFootprints>());
        services.AddSingleton(sp =>
        {
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var logger = loggers.CreateLogger("NodeAgent.Services.Manager");
            var events = sp.GetRequiredService<EventLog>();
            var monitor = sp.GetRequiredService<ResourceMonitor>();
            return new ServiceManager(
                sp.GetRequiredService<ServiceCatalogue>(),
                ManagedSystem.Local(loggers),
                () => NodeFactsReader.From(monitor.Latest),
                (kind, severity, message) => events.TryAppend(kind, severity, message, logger),
                time,
                logger)
            {
                Footprints = sp.GetRequiredService<ServiceFootprints>(),
            };
        });
        services.AddHostedService<ManagerLifetime>();
        services.Replace(ServiceDescriptor.Singleton<IServiceSource>(sp =>
            new ManagedServiceSource(sp.GetRequiredService<DeclaredServices>(), sp.GetRequiredService<ServiceManager>())));
        return services;
    }

    /// <summary>How often the running services' cgroup memory and CPU are read (two D-Bus properties each).</summary>
    private static readonly TimeSpan FootprintInterval = TimeSpan.FromSeconds(30);

    private static double? Peak(IReadOnlyList<(long Time, double Value)> points)
    {
        double? peak = null;
        foreach (var (_, value) in points)
        {
            peak = value > (peak ?? double.MinValue) ? value : peak;
        }
        return peak;
    }

    /// <summary>Reads the services' states after the agent started (dpkg and systemd take a moment), stops probes on shutdown.</summary>
    private sealed class ManagerLifetime(ServiceManager manager, NodeContext node, ResourceMonitor monitor, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Pressure is judged on each resource sample (no timer of its own), and only while some service runs or is
            // shed; footprints are measured on the first sample after each FootprintInterval (the history keeps minutes).
            var measured = node.Time.GetTimestamp() - (long)(FootprintInterval.TotalSeconds * node.Time.TimestampFrequency);
            node.Changes.Raised += () =>
            {
                if (manager.HasWorkForShedder && NodeFactsReader.Pressure(monitor.Latest) is { } reading)
                {
                    _ = Task.Run(() => manager.EvaluatePressureAsync(reading));
                }
                var now = node.Time.GetTimestamp();
                if (node.Time.GetElapsedTime(Interlocked.Read(ref measured), now) >= FootprintInterval)
                {
                    Interlocked.Exchange(ref measured, now);
                    _ = Task.Run(manager.MeasureFootprintsAsync);
                }
            };
            lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
            {
                try
                {
                    await manager.StartAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.StartFailed(loggers.CreateLogger("NodeAgent.Services.Manager"), e);
                }
            }));
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await manager.DisposeAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Error, "services: reading the services' states failed")]
        public static partial void StartFailed(ILogger logger, Exception e);
    }
}
