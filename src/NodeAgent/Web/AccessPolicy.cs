using System.Net;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Auth;
using NodeAgent.Hosting;

namespace NodeAgent.Web;

/// <summary>
/// Who may do what over TCP. Routed endpoints under <c>/api/</c> and <c>/metrics</c> follow <see cref="Access.Owner"/>
/// unless they carry an <see cref="AccessRule"/>; everything else (<c>/healthz</c>, the UI's pages) is open, as are
/// unmatched paths and methods, which keep their 404 and 405. The Unix socket is the local owner's door: always allowed.
/// </summary>
internal static class AccessPolicy
{
    public const string CsrfHeader = "X-CSRF-Token";

    private static readonly object SessionKey = new();
    private static readonly object OwnerKey = new();

    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || LocalConnection.IsLocal(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var path = context.Request.Path;
        var access = endpoint.Metadata.GetMetadata<AccessRule>()?.Access
            ?? (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.Equals("/metrics", StringComparison.Ordinal) ? Access.Owner : (Access?)null);
        if (access is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var session = Authenticate(context);
        if (Refusal(context, access.Value, session) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private static IResult? Refusal(HttpContext context, Access access, OwnerSession? session)
    {
        switch (access)
        {
            case Access.Public:
                return null;
            case Access.LocalSocket:
                return Problems.Forbidden("this is only answered over the node's Unix socket: run `nodeagent pair` on the node");
        }
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            if (access == Access.Session)
            {
                return session is not null ? null
                    : Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "only the owner may see this: sign in, or use the `nodeagent` CLI on the node");
            }
            return session is not null || IsLoopback(context.Connection.RemoteIpAddress) || context.RequestServices.GetRequiredService<NodeContext>().Settings.LanReadOnly
                ? null
                : Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "reading this node from the network needs an owner session: pair or sign in (or the owner opens reads to the LAN with the lanReadOnly setting)");
        }
        if (session is null)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "changes need an owner session: pair or sign in first, or use the `nodeagent` CLI on the node");
        }
        if (!SessionTokens.Same(context.Request.Headers[CsrfHeader].ToString(), session.Csrf))
        {
            return Problems.Forbidden($"the {CsrfHeader} header is missing or is not this session's token (GET /api/v1/auth gives it)");
        }
        context.Items[OwnerKey] = OwnerKey;
        return null;
    }

    /// <summary>The request's owner session, looked up once; a renewed session gets its cookie renewed too.</summary>
    private static OwnerSession? Authenticate(HttpContext context)
    {
        if (SessionCookie.Token(context) is not { } token)
        {
            return null;
        }
        var session = context.RequestServices.GetRequiredService<OwnerAuth>().Authenticate(token);
        if (session is not null)
        {
            context.Items[SessionKey] = session;
            if (session.Renewed)
            {
                SessionCookie.Set(context, token);
            }
        }
        return session;
    }

    /// <summary>The owner session of this request (from its cookie), when it has a valid one.</summary>
    public static OwnerSession? Session(HttpContext context) => context.Items.TryGetValue(SessionKey, out var s) ? s as OwnerSession : null;

    /// <summary>The caller may change things: the local socket, or an owner session whose CSRF token was checked.</summary>
    public static bool IsOwner(HttpContext context) => LocalConnection.IsLocal(context) || context.Items.ContainsKey(OwnerKey);

    /// <summary>The client's address for logs, events and rate limits.</summary>
    public static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "the local socket";

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
