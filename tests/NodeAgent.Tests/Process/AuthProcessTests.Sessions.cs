using System.Net;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>The signed-in devices over TCP and with the CLI verb, against the published binary.</summary>
public sealed partial class AuthProcessTests
{
    private static async Task<(string Cookie, string Csrf)> SignInAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (SessionCookie(response), state.RootElement.GetProperty("csrf").GetString()!);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static async Task<JsonElement[]> SessionsAsync(HttpClient http, string cookie)
    {
        using var response = await SendAsync(http, HttpMethod.Get, "api/v1/auth/sessions", cookie, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task TheOwnerListsSignedInDevicesAndSignsThemOutOverTcpAndWithTheCli()
    {
        await using var agent = await AgentProcess.StartAsync(_dir);
        using var http = Plain(agent);
        var code = await PairCodeAsync(agent);
        var (phone, _) = await SignInAsync(await http.PostAsync("api/v1/auth/pair", Json($$"""{"code":"{{code}}","password":"{{Password}}","device":"phone"}""")));
        var (laptop, laptopCsrf) = await SignInAsync(await http.PostAsync("api/v1/auth/login", Json($$"""{"password":"{{Password}}","device":"laptop"}""")));

        // Loopback reads are open, but not this one.
        using (var anonymous = await http.GetAsync("api/v1/auth/sessions"))
        {
            await ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        var sessions = await SessionsAsync(http, laptop);
        Assert.Equal(["laptop", "phone"], sessions.Select(s => s.GetProperty("device").GetString()));
        Assert.Equal([true, false], sessions.Select(s => s.GetProperty("current").GetBoolean()));
        Assert.All(sessions, s => Assert.Matches("^[0-9a-f]{16}$", s.GetProperty("id").GetString()));
        Assert.Equal(["id", "device", "created", "lastUsed", "current"], sessions[0].EnumerateObject().Select(p => p.Name));
        var phoneId = sessions[1].GetProperty("id").GetString()!;

        // Refusals change nothing: no CSRF token, a malformed id, an unknown id.
        using (var noCsrf = await SendAsync(http, HttpMethod.Delete, $"api/v1/auth/sessions/{phoneId}", laptop, null))
        {
            await ProblemAsync(noCsrf, HttpStatusCode.Forbidden);
        }
        using (var malformed = await SendAsync(http, HttpMethod.Delete, "api/v1/auth/sessions/not-an-id", laptop, laptopCsrf))
        {
            Assert.Equal("'not-an-id' is not a session id: ids are 16 hex digits, as GET /api/v1/auth/sessions (or `nodeagent sessions`) lists them; nothing was changed",
                (await ProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        }
        using (var unknown = await SendAsync(http, HttpMethod.Delete, "api/v1/auth/sessions/0123456789abcdef", laptop, laptopCsrf))
        {
            Assert.StartsWith("no signed-in device has the session id 0123456789abcdef",
                (await ProblemAsync(unknown, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(2, (await SessionsAsync(http, laptop)).Length);
        Assert.True((await AuthStateAsync(http, phone)).GetProperty("authenticated").GetBoolean());

        // The laptop signs the phone out: the phone's very next request has no session.
        using (var revoke = await SendAsync(http, HttpMethod.Delete, $"api/v1/auth/sessions/{phoneId}", laptop, laptopCsrf))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.False(revoke.Headers.Contains("Set-Cookie")); // not the laptop's own: its cookie stays
        }
        Assert.False((await AuthStateAsync(http, phone)).GetProperty("authenticated").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await RenameAsync(http, "from-the-phone", phone, null));
        using (var again = await SendAsync(http, HttpMethod.Delete, $"api/v1/auth/sessions/{phoneId}", laptop, laptopCsrf))
        {
            await ProblemAsync(again, HttpStatusCode.NotFound);
        }

        // The CLI, over the socket: lists (no session is its own) and signs out the laptop.
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "sessions", "--socket", agent.SocketPath, "--json");
        Assert.True(exit == 0, stderr);
        using (var listed = JsonDocument.Parse(stdout))
        {
            var only = Assert.Single(listed.RootElement.EnumerateArray());
            Assert.Equal(("laptop", false), (only.GetProperty("device").GetString(), only.GetProperty("current").GetBoolean()));
        }
        var laptopId = sessions[0].GetProperty("id").GetString()!;
        (exit, stdout, stderr) = await CliRunner.RunAsync(null, "sessions", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.Matches($@"^ID +SIGNED IN +LAST USED +DEVICE\n{laptopId}  \d{{4}}-\d\d-\d\d \d\d:\d\d  \d{{4}}-\d\d-\d\d \d\d:\d\d  laptop\n1 signed in;", stdout);
        (exit, stdout, stderr) = await CliRunner.RunAsync(null, "sessions", "revoke", laptopId, "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.Equal($"Signed out session {laptopId}.\n", stdout);
        Assert.False((await AuthStateAsync(http, laptop)).GetProperty("authenticated").GetBoolean());
        (exit, stdout, stderr) = await CliRunner.RunAsync(null, "sessions", "revoke", laptopId, "--socket", agent.SocketPath);
        Assert.Equal(65, exit);
        Assert.StartsWith($"nodeagent: no signed-in device has the session id {laptopId}", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await CliRunner.RunAsync(null, "sessions", "revoke", "LAPTOP", "--socket", agent.SocketPath);
        Assert.NotEqual(0, exit);
        Assert.Contains("'LAPTOP' is not a session id: ids are 16 hex digits (see `nodeagent sessions`)", stderr, StringComparison.Ordinal);
        (exit, stdout, stderr) = await CliRunner.RunAsync(null, "sessions", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.Equal("No device is signed in. Pair one with `nodeagent pair`.\n", stdout);

        // A device may sign itself out from the list: its cookie is cleared as by logout.
        var (tablet, tabletCsrf) = await SignInAsync(await http.PostAsync("api/v1/auth/login", Json($$"""{"password":"{{Password}}","device":"tablet"}""")));
        var tabletId = Assert.Single(await SessionsAsync(http, tablet)).GetProperty("id").GetString();
        using (var self = await SendAsync(http, HttpMethod.Delete, $"api/v1/auth/sessions/{tabletId}", tablet, tabletCsrf))
        {
            Assert.Equal(HttpStatusCode.NoContent, self.StatusCode);
            Assert.StartsWith("nodeagent_session=; expires=Thu, 01 Jan 1970", Assert.Single(self.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        }

        var events = await agent.WaitForEventsAsync("auth.session.revoked", 3);
        Assert.Equal(
            ["Device 'tablet' was signed out by itself from 127.0.0.1", "Device 'laptop' was signed out over the local socket", "Device 'phone' was signed out by 'laptop' from 127.0.0.1"],
            events.Where(e => e.GetProperty("kind").GetString() == "auth.session.revoked").Select(e => e.GetProperty("message").GetString()));
    }
}
