using System.Net;
using System.Text;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>
/// Owner pairing and sessions against the published binary: a code from `nodeagent pair` over the socket, the
/// cookie and CSRF token over loopback TCP, a restart, logout and the rate limit. The default PBKDF2 cost
/// (600,000 iterations) is what runs here.
/// </summary>
public sealed partial class AuthProcessTests : IDisposable
{
    private const string Password = "a pass phrase for tests";

    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A client that keeps no cookies: each request carries exactly the cookie the test gives it.</summary>
    private static HttpClient Plain(AgentProcess agent) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = agent.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<string> PairCodeAsync(AgentProcess agent)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "pair", "--socket", agent.SocketPath, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var until = doc.RootElement.GetProperty("until").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(until, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        return doc.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>The session cookie a response set, as "name=token" to send back.</summary>
    private static string SessionCookie(HttpResponseMessage response)
    {
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Matches("^nodeagent_session=[A-Za-z0-9_-]{43}; max-age=2592000; path=/; samesite=strict; httponly$", set);
        return set[..set.IndexOf(';', StringComparison.Ordinal)];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? cookie, string? csrf, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        if (body is not null)
        {
            request.Content = Json(body);
        }
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> AuthStateAsync(HttpClient http, string? cookie)
    {
        using var response = await SendAsync(http, HttpMethod.Get, "api/v1/auth", cookie, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpStatusCode> RenameAsync(HttpClient http, string name, string? cookie, string? csrf)
    {
        using var response = await SendAsync(http, HttpMethod.Put, "api/v1/settings", cookie, csrf, $$"""{"name":"{{name}}"}""");
        return response.StatusCode;
    }

    [Fact]
    public async Task ACodeFromTheCliPairsTheFirstOwnerWhoseSessionChangesSettingsAndSurvivesARestart()
    {
        string cookie, csrf;
        await using (var agent = await AgentProcess.StartAsync(_dir))
        {
            using var http = Plain(agent);
            var before = await AuthStateAsync(http, null);
            Assert.Equal("""{"owner":false,"authenticated":false,"csrf":null,"pairing":{"open":false,"until":null},"lanReadOnly":false}""", before.GetRawText());

            // No window, no code: refused. A short first password: refused, and the code is still good.
            using (var refused = await http.PostAsync("api/v1/auth/pair", Json("""{"password":"a pass phrase for tests"}""")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }
            var code = await PairCodeAsync(agent);
            using (var shortPassword = await http.PostAsync("api/v1/auth/pair", Json($$"""{"code":"{{code}}","password":"too short"}""")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
                Assert.Equal("application/problem+json", shortPassword.Content.Headers.ContentType?.MediaType);
            }
            using (var paired = await http.PostAsync("api/v1/auth/pair", Json($$"""{"code":"{{code}}","password":"{{Password}}","device":"test phone"}""")))
            {
                Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
                cookie = SessionCookie(paired);
                var state = JsonDocument.Parse(await paired.Content.ReadAsStringAsync()).RootElement;
                Assert.True(state.GetProperty("owner").GetBoolean());
                Assert.True(state.GetProperty("authenticated").GetBoolean());
                csrf = state.GetProperty("csrf").GetString()!;
            }
            using (var form = await http.PostAsync("api/v1/auth/pair", new StringContent($$"""{"code":"{{code}}"}""", Encoding.UTF8, "text/plain")))
            {
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
            }
            using (var reused = await http.PostAsync("api/v1/auth/pair", Json($$"""{"code":"{{code}}"}""")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, reused.StatusCode);
            }
            Assert.Equal(csrf, (await AuthStateAsync(http, cookie)).GetProperty("csrf").GetString());

            Assert.Equal(HttpStatusCode.Unauthorized, await RenameAsync(http, "no-cookie", null, csrf));
            Assert.Equal(HttpStatusCode.Forbidden, await RenameAsync(http, "no-csrf", cookie, null));
            Assert.Equal(HttpStatusCode.OK, await RenameAsync(http, "owned", cookie, csrf));
            // Reads from loopback stay open without a session.
            using var settings = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/settings"));
            Assert.Equal("owned", settings.RootElement.GetProperty("name").GetString());
            Assert.False(settings.RootElement.GetProperty("lanReadOnly").GetBoolean());

            var events = await agent.WaitForEventsAsync("auth.paired");
            Assert.Contains(events, e => e.GetProperty("message").GetString() == "Device 'test phone' paired from 127.0.0.1 with a code from `nodeagent pair`; it set the owner password");
            Assert.Contains(events, e => e.GetProperty("kind").GetString() == "auth.pair.refused");
            Assert.Equal(0, await agent.StopAsync());
            Assert.DoesNotContain(cookie["nodeagent_session=".Length..], agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(code, agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, agent.Output, StringComparison.Ordinal);
        }

        await using (var again = await AgentProcess.StartAsync(_dir))
        {
            using var http = Plain(again);
            Assert.True((await AuthStateAsync(http, cookie)).GetProperty("authenticated").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, await RenameAsync(http, "after-restart", cookie, csrf));

            using (var logout = await SendAsync(http, HttpMethod.Post, "api/v1/auth/logout", cookie, csrf))
            {
                Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
                Assert.StartsWith("nodeagent_session=; expires=Thu, 01 Jan 1970", Assert.Single(logout.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
            }
            Assert.Equal(HttpStatusCode.Unauthorized, await RenameAsync(http, "logged-out", cookie, csrf));
            Assert.False((await AuthStateAsync(http, cookie)).GetProperty("authenticated").GetBoolean());

            // Later devices log in with the password.
            using (var wrong = await http.PostAsync("api/v1/auth/login", Json("""{"password":"not the password"}""")))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
                Assert.False(wrong.Headers.Contains("Set-Cookie"));
            }
            using var right = await http.PostAsync("api/v1/auth/login", Json($$"""{"password":"{{Password}}"}"""));
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            var newCookie = SessionCookie(right);
            var newCsrf = JsonDocument.Parse(await right.Content.ReadAsStringAsync()).RootElement.GetProperty("csrf").GetString();
            Assert.Equal(HttpStatusCode.OK, await RenameAsync(http, "logged-in", newCookie, newCsrf));
            Assert.Contains(await again.WaitForEventsAsync("auth.login.failed"), e => e.GetProperty("message").GetString() == "Wrong owner password from 127.0.0.1");
            Assert.Contains("\nnodeagent_auth_login_failures_total 1\n", await again.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LoginAttemptsPastTheLimitGet429WithRetryAfter()
    {
        await using var agent = await AgentProcess.StartAsync(_dir);
        using var http = Plain(agent);
        var code = await PairCodeAsync(agent);
        using (var paired = await http.PostAsync("api/v1/auth/pair", Json($$"""{"code":"{{code}}","password":"{{Password}}"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        }
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsync("api/v1/auth/login", Json("""{"password":"guess number one"}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        // Even the right password waits now.
        using var limited = await http.PostAsync("api/v1/auth/login", Json($$"""{"password":"{{Password}}"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("too many login attempts; try again in ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("\nnodeagent_auth_rate_limited_total 1\n", await agent.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
        Assert.Equal(5, (await agent.WaitForEventsAsync("auth.login.failed", 5)).Count(e => e.GetProperty("kind").GetString() == "auth.login.failed"));
    }

    [Fact]
    public async Task CodesAreMintedOnlyOverTheSocket()
    {
        await using var agent = await AgentProcess.StartAsync(_dir);
        using var overTcp = await agent.Http.PostAsync("api/v1/auth/code", null);
        Assert.Equal(HttpStatusCode.Forbidden, overTcp.StatusCode);
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "pair", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.Matches(@"^Pairing code  \d{3}-\d{3}\nValid until   \d\d:\d\d:\d\d \(once, for one device\)\n", stdout);
    }

    [Fact]
    public async Task TheCliOpensReadsToTheLanAndTheAuthStateSaysSo()
    {
        await using var agent = await AgentProcess.StartAsync(_dir);
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "settings", "--lan-read-only", "true", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.Contains("LAN reads   open to the LAN", stdout, StringComparison.Ordinal);
        using var http = Plain(agent);
        Assert.True((await AuthStateAsync(http, null)).GetProperty("lanReadOnly").GetBoolean());
        using var settings = JsonDocument.Parse(await http.GetStringAsync("api/v1/settings"));
        Assert.True(settings.RootElement.GetProperty("lanReadOnly").GetBoolean());
        Assert.Contains(await agent.WaitForEventsAsync("settings.changed"), e => e.GetProperty("message").GetString() == "Settings changed: reads opened to the LAN");
        (exit, _, stderr) = await CliRunner.RunAsync(null, "settings", "--lan-read-only", "maybe", "--socket", agent.SocketPath);
        Assert.NotEqual(0, exit);
        Assert.Contains("maybe", stderr, StringComparison.Ordinal);
    }
}
