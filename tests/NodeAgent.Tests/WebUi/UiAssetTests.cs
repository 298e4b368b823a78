using System.Net;
using System.Text.RegularExpressions;
using NodeAgent.Tests.Process;

namespace NodeAgent.Tests.WebUi;

/// <summary>The UI's files as the published agent serves them: types, caching and the headers that lock the page down.</summary>
public sealed partial class UiAssetTests(RunningAgentFixture fixture) : IClassFixture<RunningAgentFixture>
{
    private HttpClient Http => fixture.Agent.Http;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/assets/app.css", "text/css")]
    [InlineData("/assets/js/app.js", "text/javascript")]
    [InlineData("/assets/js/pages/dashboard.js", "text/javascript")]
    [InlineData("/assets/icon.svg", "image/svg+xml")]
    public async Task FilesAreServedWithTheirTypeAndLockedDownHeaders(string path, string type)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task AKnownETagGetsA304WithoutTheBody()
    {
        using var first = await Http.GetAsync("/assets/app.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/app.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/assets/app.css");
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0000\""));
        using var full = await Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }

    [Theory]
    [InlineData("/assets/nope.js")]
    [InlineData("/assets/index.html")]
    [InlineData("/assets/js")]
    public async Task AnythingElseIsAProblem404(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Every file the page loads is embedded: each module imported, each asset referenced, exists.</summary>
    [Fact]
    public async Task EveryReferencedFileIsServed()
    {
        var pending = new Queue<string>(["/"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }
            using var response = await Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            foreach (Match m in ReferenceRegex().Matches(text))
            {
                var target = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                pending.Enqueue(new Uri(new Uri("http://x" + path), target).AbsolutePath);
            }
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal); // no inline script: the CSP would block it
        }
        Assert.True(seen.Count >= 14, $"only {seen.Count} files reached: {string.Join(", ", seen)}");
    }

    [GeneratedRegex("""(?:src|href)="(/assets/[^"]+)"|from "(\.{1,2}/[^"]+\.js)";""")]
    private static partial Regex ReferenceRegex();
}
