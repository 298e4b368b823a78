using NodeAgent.Auth;

namespace NodeAgent.Web;

/// <summary>
/// The owner session cookie: HttpOnly (scripts never see the token), SameSite=Strict (no other site's page can make
/// the browser send it), Path=/, Secure when the request came over HTTPS.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "nodeagent_session";

    public static string? Token(HttpContext context) => context.Request.Cookies[Name];

    public static void Set(HttpContext context, string token) =>
        context.Response.Cookies.Append(Name, token, Options(context, OwnerAuth.SessionLifetime));

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, null));

    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = context.Request.IsHttps,
        MaxAge = maxAge,
    };
}
