using NodeAgent.Configuration;

namespace NodeAgent.Services.Catalogue;

/// <summary>Loads the service catalogue when the agent starts and says in the log what was skipped or replaced.</summary>
internal static partial class CatalogueRegistration
{
    public static IServiceCollection AddServiceCatalogue(this IServiceCollection services, AgentOptions options)
    {
        services.AddSingleton(_ => ServiceCatalogue.LoadDefault(options.CatalogueDirectory));
        services.AddHostedService<CatalogueReport>();
        return services;
    }

    /// <summary>Loads the catalogue at start (not on the first request), so a bad manifest shows in the log at once.</summary>
    private sealed class CatalogueReport(ServiceCatalogue catalogue, AgentOptions options, ILoggerFactory loggers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var logger = loggers.CreateLogger("NodeAgent.Services.Catalogue");
            foreach (var error in catalogue.Errors)
            {
                Log.Skipped(logger, error.Origin, string.Join("; ", error.Problems));
            }
            foreach (var line in catalogue.Replaced)
            {
                Log.Replaced(logger, line);
            }
            Log.Loaded(logger, catalogue.Manifests.Count, string.Join(", ", catalogue.Ids), options.CatalogueDirectory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "catalogue: manifest {Origin} skipped: {Problems}")]
        public static partial void Skipped(ILogger logger, string origin, string problems);

        [LoggerMessage(2, LogLevel.Information, "catalogue: {Replaced}")]
        public static partial void Replaced(ILogger logger, string replaced);

        [LoggerMessage(3, LogLevel.Information, "catalogue: {Count} services ({Ids}); local manifests from {Directory}")]
        public static partial void Loaded(ILogger logger, int count, string ids, string directory);
    }
}
