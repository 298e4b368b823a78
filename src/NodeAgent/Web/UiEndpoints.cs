using System.Reflection;
using System.Security.Cryptography;

namespace NodeAgent.Web;

/// <summary>
/// The owner's web UI: hand-written static files embedded in the binary (<c>Web/Ui/</c>), served at <c>/</c> and
/// <c>/assets/...</c>. They hold no data (the page reads the JSON API), so they are always served, to anyone.
/// </summary>
/// <remarks>
/// Files are read from the assembly on request, not kept in memory: the UI is opened rarely and the agent idles
/// on 512 MB boards. Only each file's ETag is computed once, at start-up, so a browser revalidates with a 304.
/// </remarks>
internal static class UiEndpoints
{
    private const string Prefix = "ui/";

    /// <summary>No inline script or style, nothing from elsewhere, no framing: the page only talks to this agent.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, UiFile> Files = Load();

    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext context) => ServeAsync(context, "index.html"));
        app.MapGet("/assets/{*path}", (HttpContext context, string path) => ServeAsync(context, "assets/" + path));
    }

    private static async Task ServeAsync(HttpContext context, string path)
    {
        var response = context.Response;
        SecurityHeaders(response.Headers);
        if (!Files.TryGetValue(path, out var file))
        {
            await Problems.Create(StatusCodes.Status404NotFound, "Not found", "no such file in the web UI").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        response.Headers.ETag = file.ETag;
        // Names carry no version: the browser keeps a copy but asks each time, and a new agent's files replace it.
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = file.ContentType;
        using var stream = Open(file.Resource);
        response.ContentLength = stream.Length;
        await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static void SecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
    }

    private static Stream Open(string resource) =>
        typeof(UiEndpoints).Assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"web UI: resource {resource} vanished");

    private static Dictionary<string, UiFile> Load()
    {
        var files = new Dictionary<string, UiFile>(StringComparer.Ordinal);
        foreach (var resource in typeof(UiEndpoints).Assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || ContentType(resource) is not { } type)
            {
                continue;
            }
            using var stream = Open(resource);
            var hash = SHA256.HashData(stream);
            files[resource[Prefix.Length..]] = new UiFile(resource, type, $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 8))}\"");
        }
        return files;
    }

    /// <summary>The types the UI uses; a file of any other kind is not served (and should not be in the folder).</summary>
    private static string? ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => null,
    };

    private sealed record UiFile(string Resource, string ContentType, string ETag);
}
