namespace NodeAgent.Web;

/// <summary>
/// Refuses TCP requests whose Host header is not one of this node's names (<see cref="HostNames"/>) with 421 and a
/// problem body, before any endpoint runs. The body names no allowed name: after a rebinding the page that asked can
/// read it, and the machine's names are none of its business. A request without Host (HTTP/1.0) passes. <c>/healthz</c> stays open (monitors may use any name), and the Unix
/// socket is not concerned: no browser reaches it.
/// </summary>
internal static class HostCheck
{
    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        if (LocalConnection.IsLocal(context) || context.Request.Path.Equals("/healthz", StringComparison.Ordinal))
        {
            return next(context);
        }
        var names = context.RequestServices.GetRequiredService<HostNames>();
        var host = context.Request.Host;
        // No Host at all is an HTTP/1.0 client (a script, busybox wget), never a browser: browsers always send one,
        // and rebinding needs a browser.
        if (!host.HasValue || names.Allows(host.Host))
        {
            return next(context);
        }
        var shown = $"'{(host.Value.Length <= 100 ? host.Value : host.Value[..100] + "…")}'";
        return Problems.Create(StatusCodes.Status421MisdirectedRequest, "Misdirected request",
            $"this node does not answer to the host name {shown}: open it by its IP address, localhost or its host name (also as HOSTNAME.local), " +
            "or add the name to Web:AllowedHosts in its configuration (names are checked so that no other site can reach it through DNS rebinding)")
            .ExecuteAsync(context);
    }
}
