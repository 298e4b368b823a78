using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Contracts;
using NodeAgent.Feedback;

namespace NodeAgent.Web;

/// <summary><c>/api/v1/feedback</c>: what the node's light says, and asking it to identify itself.</summary>
internal static class FeedbackEndpoints
{
    public const int MaxIdentifySeconds = 3600;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/feedback", (FeedbackService feedback) => TypedResults.Json(feedback.RefreshNow(), AgentJsonContext.Default.FeedbackStatus));
        api.MapPost("/feedback/identify", Identify);
    }

    private static async Task<IResult> Identify(HttpContext context, FeedbackService feedback, Feedback.FeedbackOptions options)
    {
        var (seconds, problem) = await ReadSecondsAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }
        var duration = seconds is { } s ? TimeSpan.FromSeconds(s) : options.IdentifyFor;
        return TypedResults.Json(feedback.Identify(duration), AgentJsonContext.Default.FeedbackStatus);
    }

    /// <summary>The duration from <c>?seconds=N</c> or a JSON body <c>{"seconds":N}</c>; neither means the default.</summary>
    internal static async Task<(int? Seconds, string? Problem)> ReadSecondsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const string Rule = "'seconds' must be a whole number from 1 to 3600";
        int? seconds = null;
        if (request.Query["seconds"] is { Count: > 0 } query)
        {
            if (!int.TryParse(query.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, Rule);
            }
            seconds = parsed;
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                var body = await JsonSerializer.DeserializeAsync(request.Body, AgentJsonContext.Default.IdentifyRequest, cancellationToken).ConfigureAwait(false);
                seconds = body?.Seconds;
            }
            catch (JsonException e)
            {
                return (null, $"the body is not an identify request ({e.Message}); send {{\"seconds\": 30}} or nothing");
            }
        }
        return seconds is < 1 or > MaxIdentifySeconds ? (null, Rule) : (seconds, null);
    }
}
