using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Auth;
using NodeAgent.Contracts;
using NodeAgent.Feedback;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Web;

/// <summary><c>/api/v1/auth</c>: the caller's state, pairing, login, logout, password change and pairing codes (sessions: <see cref="SessionEndpoints"/>).</summary>
internal static class AuthEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapGet("", (HttpContext context, OwnerAuth owner, FeedbackService feedback, NodeContext node) =>
            TypedResults.Json(State(context, owner, feedback, node, AccessPolicy.Session(context)), AgentJsonContext.Default.AuthState))
            .WithMetadata(new AccessRule(Access.Public));
        auth.MapPost("/pair", PairAsync).WithMetadata(new AccessRule(Access.Public));
        auth.MapPost("/login", LoginAsync).WithMetadata(new AccessRule(Access.Public));
        auth.MapPost("/logout", Logout);
        auth.MapPost("/password", PasswordAsync);
        auth.MapPost("/code", (OwnerAuth owner) => TypedResults.Json(owner.MintCode(), AgentJsonContext.Default.PairingCode))
            .WithMetadata(new AccessRule(Access.LocalSocket));
        SessionEndpoints.Map(auth);
    }

    private static AuthState State(HttpContext context, OwnerAuth owner, FeedbackService feedback, NodeContext node, OwnerSession? session)
    {
        var until = feedback.PairingWindowUntil;
        return new AuthState(owner.HasOwner, session is not null, session?.Csrf, new PairingWindow(until is not null, until), node.Settings.LanReadOnly);
    }

    private static async Task<IResult> PairAsync(HttpContext context, OwnerAuth owner, FeedbackService feedback, NodeContext node)
    {
        if (Limited(context, owner, owner.PairLimiter, "pairing") is { } limited)
        {
            return limited;
        }
        var (request, problem) = await ReadAsync(context, AgentJsonContext.Default.PairRequest, "a pairing request: {\"code\": \"123-456\", \"password\": \"…\", \"device\": \"…\"}").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        return Answer(context, owner.Pair(request!, AccessPolicy.ClientAddress(context), feedback.TryClosePairingWindow), owner, feedback, node);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, OwnerAuth owner, FeedbackService feedback, NodeContext node)
    {
        if (Limited(context, owner, owner.LoginLimiter, "login") is { } limited)
        {
            return limited;
        }
        var (request, problem) = await ReadAsync(context, AgentJsonContext.Default.LoginRequest, "a login request: {\"password\": \"…\"}").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        return Answer(context, owner.Login(request!, AccessPolicy.ClientAddress(context)), owner, feedback, node);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.NoContent Logout(HttpContext context, OwnerAuth owner)
    {
        if (AccessPolicy.Session(context) is { } session && AccessPolicy.IsOwner(context))
        {
            owner.Logout(session, AccessPolicy.ClientAddress(context));
        }
        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PasswordAsync(HttpContext context, OwnerAuth owner)
    {
        if (!AccessPolicy.IsOwner(context))
        {
            return Problems.Forbidden("only the owner may change the password: sign in first");
        }
        if (Limited(context, owner, owner.LoginLimiter, "password change") is { } limited)
        {
            return limited;
        }
        var (change, problem) = await ReadAsync(context, AgentJsonContext.Default.PasswordChange, "a password change: {\"current\": \"…\", \"new\": \"…\"}").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var outcome = owner.ChangePassword(change!, AccessPolicy.Session(context), AccessPolicy.ClientAddress(context));
        return outcome.Status == StatusCodes.Status204NoContent ? TypedResults.NoContent() : Problem(outcome);
    }

    /// <summary>A signed-in answer sets the cookie and returns the new state; a refusal is a problem.</summary>
    private static IResult Answer(HttpContext context, AuthOutcome outcome, OwnerAuth owner, FeedbackService feedback, NodeContext node)
    {
        if (outcome.Token is not { } token)
        {
            return Problem(outcome);
        }
        SessionCookie.Set(context, token);
        return TypedResults.Json(State(context, owner, feedback, node, outcome.Session), AgentJsonContext.Default.AuthState);
    }

    private static IResult Problem(AuthOutcome outcome) => outcome.Status switch
    {
        StatusCodes.Status400BadRequest => Problems.BadRequest(outcome.Problem!),
        StatusCodes.Status401Unauthorized => Problems.Create(outcome.Status, "Unauthorized", outcome.Problem!),
        StatusCodes.Status403Forbidden => Problems.Forbidden(outcome.Problem!),
        _ => Problems.Create(outcome.Status, "Conflict", outcome.Problem!),
    };

    /// <summary>429 with Retry-After (whole seconds, rounded up) when the limiter refuses this client now.</summary>
    private static IResult? Limited(HttpContext context, OwnerAuth owner, AttemptLimiter limiter, string what)
    {
        var address = AccessPolicy.ClientAddress(context);
        if (limiter.TryAcquire(address) is not { } wait)
        {
            return null;
        }
        owner.CountRateLimited(what, address);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "Too many attempts", $"too many {what} attempts; try again in {seconds} s");
    }

    /// <remarks>
    /// JSON only: a page of another site can post a form or text/plain without asking, but not application/json,
    /// so it cannot pair or try passwords from a browser it happens to be open in.
    /// </remarks>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, string expected) where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"send {expected} with Content-Type: application/json"));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, Problems.BadRequest($"send {expected}")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"the body is not {expected} ({e.Message})"));
        }
    }
}
