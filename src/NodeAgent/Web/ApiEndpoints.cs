using System.Globalization;
using System.Runtime.InteropServices;
using NodeAgent.Contracts;
using NodeAgent.Hosting;
using NodeAgent.Resources;
using NodeAgent.Storage;

namespace NodeAgent.Web;

/// <summary>The JSON API of the node (<c>/api/v1</c>), <c>/healthz</c> and <c>/metrics</c>.</summary>
internal static class ApiEndpoints
{
    private const int MaxEventPage = 1000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", Health);
        app.MapGet("/metrics", MetricsEndpoint.Write);
        UiEndpoints.Map(app);
        var api = app.MapGroup("/api/v1");
        AuthEndpoints.Map(api);
        FeedbackEndpoints.Map(api);
        DiscoveryEndpoints.Map(api);
        ServiceEndpoints.Map(api);
        api.MapGet("/node", Node);
        api.MapGet("/resources", (ResourceMonitor monitor) => TypedResults.Json(monitor.Latest, AgentJsonContext.Default.ResourceSnapshot));
        api.MapGet("/resources/history", History);
        api.MapGet("/events", Events);
        SettingsEndpoints.Map(api);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HealthReport> Health(HealthMonitor health)
    {
        var report = health.Check();
        return TypedResults.Json(report, AgentJsonContext.Default.HealthReport,
            statusCode: report.Status == HealthMonitor.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<NodeInfo> Node(NodeContext node, ResourceMonitor monitor, Boards.BoardChoice board)
    {
        var settings = node.Settings;
        return TypedResults.Json(new NodeInfo(
            node.Identity.Id, settings.Name, settings.Community, board.Profile?.Id ?? "", AgentVersion.Current,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            Math.Round(node.AgentUptimeSeconds, 1), monitor.Latest.UptimeSeconds, node.GuifiNode), AgentJsonContext.Default.NodeInfo);
    }

    private static IResult History(HttpRequest request, HistoryRecorder history, NodeContext node)
    {
        var metric = request.Query["metric"].ToString();
        if (metric.Length == 0 || !(ResourceMetrics.Keys.Contains(metric) || ResourceMetrics.IsServiceMetric(metric)))
        {
            return Problems.BadRequest($"'metric' must be one of: {string.Join(", ", ResourceMetrics.Keys)}, or service.ID.memory or service.ID.cpu for a catalogue service");
        }
        var now = node.Time.GetUtcNow();
        if (!SinceParser.TryParse(request.Query["since"], now, out var since))
        {
            return Problems.BadRequest($"'since' is not understood: {SinceParser.Help}");
        }
        var resolution = now - since <= HistoryResolution.Fine.Retention ? HistoryResolution.Fine : HistoryResolution.Coarse;
        var points = history.Query(resolution, metric, resolution.BucketOf(since.ToUnixTimeSeconds()));
        var samples = new HistorySample[points.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new HistorySample(points[i].Time, Math.Round(points[i].Value, 3));
        }
        return TypedResults.Json(new HistorySeries(metric, resolution.Name, since, samples), AgentJsonContext.Default.HistorySeries);
    }

    private static IResult Events(HttpRequest request, EventLog events)
    {
        var limit = 100;
        if (request.Query["limit"] is { Count: > 0 } l
            && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxEventPage))
        {
            return Problems.BadRequest($"'limit' must be a whole number from 1 to {MaxEventPage}");
        }
        long? before = null;
        if (request.Query["before"] is { Count: > 0 } b)
        {
            if (!long.TryParse(b.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                return Problems.BadRequest("'before' must be an event id (a positive whole number)");
            }
            before = id;
        }
        return TypedResults.Json(events.List(limit, before), AgentJsonContext.Default.IReadOnlyListAgentEvent);
    }
}
