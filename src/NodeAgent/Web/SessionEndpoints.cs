using Microsoft.AspNetCore.Routing;
using NodeAgent.Auth;
using NodeAgent.Contracts;

namespace NodeAgent.Web;

/// <summary>
/// <c>/api/v1/auth/sessions</c>: the signed-in devices, and signing one out. Only for the owner (a session, or the Unix
/// socket): unlike other reads, loopback and <c>lanReadOnly</c> do not open the list.
/// </summary>
internal static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder auth)
    {
        auth.MapGet("/sessions", (HttpContext context, OwnerAuth owner) =>
            TypedResults.Json(owner.ListSessions(AccessPolicy.Session(context)), AgentJsonContext.Default.IReadOnlyListSessionInfo))
            .WithMetadata(new AccessRule(Access.Session));
        auth.MapDelete("/sessions/{id}", Revoke).WithMetadata(new AccessRule(Access.Session));
    }

    private static IResult Revoke(HttpContext context, OwnerAuth owner, string id)
    {
        if (!AccessPolicy.IsOwner(context))
        {
            return Problems.Forbidden("only the owner may sign devices out: sign in first");
        }
        if (!OwnerAuth.IsPublicId(id))
        {
            return Problems.BadRequest($"'{Shorten(id)}' is not a session id: ids are {OwnerAuth.PublicIdLength} hex digits, as GET /api/v1/auth/sessions (or `nodeagent sessions`) lists them; nothing was changed");
        }
        var caller = AccessPolicy.Session(context);
        if (owner.Revoke(id, caller, AccessPolicy.ClientAddress(context)) is not { } ended)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", $"no signed-in device has the session id {id}: it was signed out or expired already (`nodeagent sessions` lists the others)");
        }
        if (ended.Id == caller?.Id)
        {
            SessionCookie.Clear(context);
        }
        return TypedResults.NoContent();
    }

    // An id in a problem is echoed back to the caller; a long one is cut so the answer stays small.
    private static string Shorten(string id) => id.Length <= 40 ? id : id[..40] + "…";
}
