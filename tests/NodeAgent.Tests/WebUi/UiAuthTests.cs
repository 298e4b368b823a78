using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodeAgent.Tests.Process;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// Pairing, logging out and in, and CSRF, in a real browser against a fresh published agent (no owner yet):
/// what a person sees and what the agent refuses.
/// </summary>
[Trait("Category", "WebUi")]
public sealed class UiAuthTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-uiauth-").FullName;
    private AgentProcess _agent = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        var launch = Chromium.LaunchAsync();
        _agent = await AgentProcess.StartAsync(_dir, new Dictionary<string, string> { ["NODEAGENT__NODE__NAME"] = "fresh" });
        _chromium = await launch;
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _agent.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TheFirstOwnerPairsWithACodeLogsOutIsRefusedAWrongPasswordAndLogsIn()
    {
        var errors = new List<string>();
        await using (var phone = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Phone))
        {
            var look = await Chromium.PageAsync(phone, errors);
            await look.GotoAsync("/#/services");
            await Expect(look.Locator("#pair-form h1")).ToHaveTextAsync("Welcome to your node"); // no owner: every route is the pairing screen
            await Expect(look.Locator("#nav")).ToBeHiddenAsync();
            await Screenshots.TakeAsync(look, "pair", Screen.Phone);
        }
        await using var context = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Desktop);
        var page = await Chromium.PageAsync(context, errors);
        await page.GotoAsync("/");
        await Expect(page.Locator("#pair-form")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "pair", Screen.Desktop);

        // Two passwords that differ never leave the page; a wrong code is the agent's refusal, in its words.
        await page.Locator("#pair-code").FillAsync("000-000");
        await page.Locator("#pair-password").FillAsync(Owner.Password);
        await page.Locator("#pair-again").FillAsync(Owner.Password + "x");
        await page.Locator("#pair-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#pair-form .notice.bad")).ToHaveTextAsync("The two passwords differ: type the same one twice.");
        await page.Locator("#pair-again").FillAsync(Owner.Password);
        await page.Locator("#pair-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#pair-form .notice.bad")).ToContainTextAsync("code");
        Assert.False(await AuthAsync("owner"));

        var code = await Owner.CodeAsync(_agent);
        await Owner.PairAsync(page, code);
        await Expect(page.Locator("h1")).ToHaveTextAsync("fresh");
        Assert.True(await AuthAsync("owner"));

        await page.Locator("#logout").ClickAsync();
        await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(page, "login", Screen.Desktop);
        await page.Locator("#login-password").FillAsync("not the password");
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#login-form .notice.bad")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();

        await page.Locator("#login-password").FillAsync(Owner.Password);
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("fresh");

        // The code was used: another browser cannot pair with it.
        await using var other = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Phone);
        var second = await Chromium.PageAsync(other, errors);
        await second.GotoAsync("/#/pair");
        await second.Locator("#pair-code").FillAsync(code);
        await second.Locator("#pair-form button[type=submit]").ClickAsync();
        await Expect(second.Locator("#pair-form .notice.bad")).ToBeVisibleAsync();
        await Expect(second.Locator("#nav")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(second, "pair-refused", Screen.Phone);
        await second.GotoAsync("/#/login");
        await Expect(second.Locator("#login-form")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(second, "login", Screen.Phone);

        // The refusals are the answers under test (403 wrong code, 401 wrong password); nothing else may be in the console.
        Assert.DoesNotContain(errors, e => !e.Contains("status of 403", StringComparison.Ordinal) && !e.Contains("status of 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChangeFromThePageWithoutTheSessionsCsrfTokenIsRefused()
    {
        var state = await Owner.PairedStateAsync(_chromium, _agent);
        await using var context = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Desktop, state);
        var page = await Chromium.PageAsync(context, []);
        await page.GotoAsync("/");
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();

        // The page's own origin, cookie and all: only the header differs.
        const string Put = """
            async token => {
              const headers = { "Content-Type": "application/json" };
              if (token !== null) headers["X-CSRF-Token"] = token;
              const r = await fetch("/api/v1/settings", { method: "PUT", credentials: "same-origin", headers, body: JSON.stringify({ community: "csrf-test" }) });
              return r.status;
            }
            """;
        Assert.Equal(403, await page.EvaluateAsync<int>(Put, (string?)null));
        Assert.Equal(403, await page.EvaluateAsync<int>(Put, "forged"));
        Assert.Equal("", (await SettingsAsync()).GetProperty("community").GetString());
        var token = await page.EvaluateAsync<string>("async () => (await (await fetch('/api/v1/auth')).json()).csrf");
        Assert.Equal(200, await page.EvaluateAsync<int>(Put, token));
        Assert.Equal("csrf-test", (await SettingsAsync()).GetProperty("community").GetString());

        // The password form (which sends the token like every change): a wrong current password is refused in words.
        await page.GotoAsync("/#/settings");
        await page.Locator("#p-current").FillAsync("not the password");
        await page.Locator("#p-new").FillAsync("a brand new password");
        await page.Locator("#password-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#password-form .notice.bad")).ToBeVisibleAsync();
        await page.Locator("#p-current").FillAsync(Owner.Password);
        await page.Locator("#password-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#password-form .notice.ok")).ToHaveTextAsync("Password changed.");

        // After logging out the cookie is gone: the same request with the old token is refused as unauthenticated.
        await page.Locator("#logout").ClickAsync();
        await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
        Assert.Equal(401, await page.EvaluateAsync<int>(Put, token));
        await page.Locator("#login-password").FillAsync("a brand new password");
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheOwnerOpensReadsToTheLanAndTheLoginScreenThenOffersALook()
    {
        var state = await Owner.PairedStateAsync(_chromium, _agent);
        await using var context = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Desktop, state);
        var page = await Chromium.PageAsync(context, []);
        await page.GotoAsync("/#/settings");
        await Expect(page.Locator("#s-lan")).Not.ToBeCheckedAsync();
        await page.Locator("#logout").ClickAsync();
        await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Look without logging in" })).ToHaveCountAsync(0);

        await page.Locator("#login-password").FillAsync(Owner.Password);
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();
        await page.GotoAsync("/#/settings");
        await page.Locator("#s-lan").CheckAsync();
        await page.Locator("#settings-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".notice.ok")).ToHaveTextAsync("Saved.");
        Assert.True((await SettingsAsync()).GetProperty("lanReadOnly").GetBoolean());

        await page.Locator("#logout").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Look without logging in" }).ClickAsync();
        await Expect(page.Locator("[data-gauge=Memory] .value")).ToBeVisibleAsync();
        await Expect(page.Locator("#logout")).ToBeHiddenAsync();
        await page.GotoAsync("/#/settings");
        await Expect(page.Locator("#settings-form button[type=submit]")).ToBeDisabledAsync(); // looking is not changing
    }

    [Fact]
    public async Task TheOwnerSignsAnotherBrowserOutFromSettingsAndItLandsOnTheLoginScreen()
    {
        var errors = new List<string>();
        var state = await Owner.PairedStateAsync(_chromium, _agent);
        await using var desktop = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Desktop, state);
        var owner = await Chromium.PageAsync(desktop, errors);
        // A second browser logs in with the password; its name is guessed from the browser.
        await using var phone = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Phone);
        var other = await Chromium.PageAsync(phone, errors);
        await other.GotoAsync("/#/login");
        await other.Locator("#login-password").FillAsync(Owner.Password);
        await other.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(other.Locator("#logout")).ToBeVisibleAsync();
        await other.GotoAsync("/#/settings");
        var otherRows = other.Locator("#sessions li.session");
        await Expect(otherRows).ToHaveCountAsync(2);
        await Expect(otherRows.First).ToContainTextAsync(new Regex("^Chrom(e|ium) on Linux"));
        await Screenshots.TakeAsync(other, "settings-sessions", Screen.Phone);

        await owner.GotoAsync("/#/settings");
        var rows = owner.Locator("#sessions li.session");
        await Expect(rows).ToHaveCountAsync(2);
        var mine = rows.Filter(new() { HasText = "This device" });
        await Expect(mine).ToContainTextAsync("test browser");
        await Expect(mine).ToContainTextAsync(new Regex(@"^test browser\s*This device\s*Signed in today at [0-9:]+( [AP]M)? · used within the hour\s*Sign out$"));
        await owner.Locator("#sessions").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(owner, "settings-sessions", Screen.Desktop);
        var theirs = rows.Filter(new() { HasNotText = "This device" });
        await theirs.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(); // not this device: no question asked
        await Expect(owner.Locator("#sessions .notice.ok")).ToHaveTextAsync(new Regex("^“Chrom(e|ium) on Linux” was signed out\\.$"));
        await Expect(rows).ToHaveCountAsync(1);
        Assert.Equal(1, (await SessionsOverSocketAsync()).GetArrayLength());

        // The signed-out browser goes to the login screen as soon as it moves (reads alone are open on loopback).
        await other.Locator("#nav a[href='#/services']").ClickAsync();
        await Expect(other.Locator("#login-form")).ToBeVisibleAsync();
        await Expect(other.Locator("#nav")).ToBeHiddenAsync();

        // Signing out this very device asks first; declined, nothing happens.
        var answers = new Queue<bool>([false, true]);
        var asked = new List<string>();
        owner.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (answers.Dequeue() ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await mine.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        Assert.True(await AuthAsync("owner"));
        Assert.Equal(1, (await SessionsOverSocketAsync()).GetArrayLength());
        await mine.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(owner.Locator("#login-form")).ToBeVisibleAsync();
        Assert.Equal(["Sign out this device? You will need the owner password or a pairing code to come back."], asked.Distinct());
        Assert.Equal(0, (await SessionsOverSocketAsync()).GetArrayLength());
        Assert.Empty(errors);
    }

    private async Task<JsonElement> SessionsOverSocketAsync()
    {
        using var socket = _agent.SocketHttp();
        using var doc = JsonDocument.Parse(await socket.GetStringAsync("api/v1/auth/sessions"));
        return doc.RootElement.Clone();
    }

    private async Task<bool> AuthAsync(string property)
    {
        using var doc = JsonDocument.Parse(await _agent.Http.GetStringAsync("api/v1/auth"));
        return doc.RootElement.GetProperty(property).GetBoolean();
    }

    private async Task<JsonElement> SettingsAsync()
    {
        using var doc = JsonDocument.Parse(await _agent.Http.GetStringAsync("api/v1/settings"));
        return doc.RootElement.Clone();
    }
}
