using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Web;

/// <summary>Problem answers (RFC 9457 JSON bodies) for every error the API returns.</summary>
internal static partial class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>A refused body: every problem in <c>detail</c> and, by field, in <c>errors</c>; nothing was changed.</summary>
    public static IResult Invalid(IReadOnlyList<FieldProblem> problems) =>
        TypedResults.Json(new Problem("Bad request", StatusCodes.Status400BadRequest, string.Join("; ", problems.Select(p => p.Message)) + "; nothing was changed", Errors: problems),
            AgentJsonContext.Default.Problem, ContentType, StatusCodes.Status400BadRequest);

    public static IResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult Create(int status, string title, string detail) =>
        TypedResults.Json(new Problem(title, status, detail), AgentJsonContext.Default.Problem, ContentType, status);

    /// <summary>
    /// Gives a problem body to error answers that have none (unknown route, wrong method, unreadable
    /// request) and turns an unexpected exception into a logged 500 instead of a dropped connection.
    /// </summary>
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (StoreException e) when (!context.Response.HasStarted)
        {
            // The store is unusable for now (disk full, I/O error); the agent itself is fine and retries.
            context.Response.Clear();
            await Create(StatusCodes.Status503ServiceUnavailable, "Store unavailable", $"{e.Message}; free space or fix the disk, the agent retries by itself")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NodeAgent.Web");
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, e);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentType is null && response.ContentLength is null)
        {
            var (title, detail) = response.StatusCode switch
            {
                404 => ("Not found", $"{context.Request.Path} is not part of the API; see /api/v1/ in the README"),
                405 => ("Method not allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}"),
                413 => ("Payload too large", "the request body is larger than the API accepts"),
                415 => ("Unsupported media type", "send JSON with Content-Type: application/json"),
                500 => ("Internal error", "the agent failed to answer; its log says why"),
                _ => ("Bad request", "the request could not be read"),
            };
            await Create(response.StatusCode, title, detail).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled error answering {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception e);
    }
}
