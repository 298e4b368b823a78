using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// The owner's web UI in a real browser (Debian's Chromium) against the published agent on loopback, inside a
/// small Serf cloud: every page shows the agent's real data, on a desktop and on a phone, without console errors.
/// </summary>
[Trait("Category", "WebUi")]
public sealed partial class UiPagesTests(WebUiFixture fixture) : IClassFixture<WebUiFixture>
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public async Task EveryPageRendersTheAgentsDataWithoutConsoleErrors(Screen screen)
    {
        var errors = new List<string>();
        await using var context = await fixture.Chromium.ContextAsync(fixture.BaseUrl, screen, fixture.OwnerState);
        var page = await Chromium.PageAsync(context, errors);
        var node = await fixture.JsonAsync("api/v1/node");
        var services = await fixture.JsonAsync("api/v1/services");
        var stats = await fixture.JsonAsync("api/v1/cloud/stats");

        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync(node.GetProperty("name").GetString()!);
        await Expect(page.Locator("#state")).ToHaveTextAsync("Healthy");
        await Expect(page.Locator("[data-gauge=Memory] .value")).ToHaveTextAsync(PercentRegex());
        await Expect(page.Locator("[data-gauge=Disk] .value")).ToHaveTextAsync(PercentRegex());
        await Expect(page.Locator("[data-chart]")).ToHaveCountAsync(4);
        // The seeded day, drawn: one line before the missing hour and one after it; no sensor, no temperature chart.
        foreach (var chart in new[] { "CPU", "Memory", "Disk (/)" })
        {
            Assert.Equal(2, (await page.Locator($"[data-chart='{chart}'] path.line").GetAttributeAsync("d"))!.Count(c => c == 'M'));
        }
        await Expect(page.Locator("[data-chart=Temperature]")).ToContainTextAsync("This node has no temperature sensor.");
        await Expect(page.Locator("#node-name")).ToHaveTextAsync(node.GetProperty("name").GetString()!);
        await Screenshots.TakeAsync(page, "dashboard", screen);

        await page.GotoAsync("/#/services");
        await Expect(page.Locator(".svc")).ToHaveCountAsync(services.GetProperty("services").GetArrayLength());
        await Expect(page.Locator(".svc .fit .badge").First).ToHaveTextAsync(new Regex("^(Fits|Won't fit)$"));
        await Expect(page.Locator(".notice.warn").First).ToContainTextAsync("systemd is not running as PID 1"); // no systemd here: said, not hidden
        await Expect(page.Locator(".svc button[data-op]:enabled")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "services", screen);

        await page.GotoAsync("/#/search");
        var row = page.Locator("#results tbody tr", new() { HasText = "web b" });
        await Expect(row).ToHaveCountAsync(1);
        // Each service's own action, filled in by the agent for the node that runs it.
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Open" })).ToHaveAttributeAsync("href", new Regex(@"^http://127\.[0-9.]+:8080/wiki/$"));
        await Expect(page.Locator("#results tbody tr", new() { HasText = "sync a" })).ToContainTextAsync(new Regex(@"Connect with Syncthing\s*127\.[0-9.]+:22000"));
        await Screenshots.TakeAsync(page, "search", screen);

        await page.GotoAsync("/#/community");
        await Expect(page.Locator("[data-stat=Nodes]")).ToHaveTextAsync(stats.GetProperty("nodes").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A and B are in "sants"; the third Serf agent has no NodeAgent, so no community: a node, not an agent.
        await Expect(page.Locator("#participation tbody tr", new() { HasText = "sants" }).Locator("td")).ToHaveTextAsync(["sants", "2", "2", "1", "1"]);
        await Expect(page.Locator("#participation thead")).ToContainTextAsync("_http._tcp");
        await Screenshots.TakeAsync(page, "community", screen);

        await page.GotoAsync("/#/events");
        await Expect(page.Locator("#events li[data-event='agent.started']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#events li")).ToHaveCountAsync(50);
        await Screenshots.TakeAsync(page, "events", screen);
        await page.Locator("#older").ClickAsync();
        await Expect(page.Locator("#older")).ToBeHiddenAsync();
        var ids = (await page.Locator("#events li").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.id))")).ToList();
        Assert.True(ids.Count > WebUiFixture.SeededEvents, $"{ids.Count} events after loading older ones");
        Assert.Equal(ids.OrderByDescending(i => i), ids); // newest first, no page twice
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(1, ids[^1]); // down to the first event ever written

        await page.GotoAsync("/#/settings");
        await Expect(page.Locator("#s-name")).ToHaveValueAsync(node.GetProperty("name").GetString()!);
        await Expect(page.Locator("#s-community")).ToHaveValueAsync("sants");
        await Expect(page.Locator("#published")).ToContainTextAsync("sync a");
        await Screenshots.TakeAsync(page, "settings", screen);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task SearchFollowsTheCloudLiveAsAThirdAgentComesAndGoes()
    {
        var errors = new List<string>();
        await using var context = await fixture.Chromium.ContextAsync(fixture.BaseUrl, Screen.Desktop, fixture.OwnerState);
        var page = await Chromium.PageAsync(context, errors);
        await page.GotoAsync("/#/search");
        await Expect(page.Locator("#results tbody tr", new() { HasText = "web b" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".head .badge")).ToHaveTextAsync("Live");

        // No reload from here on: the change stream brings the third agent's service in, and takes it out.
        await using var c = await Process.AgentProcess.StartAsync(fixture.NewDir(),
            WebUiFixture.Env("node-c", fixture.Cluster[2], "_http._tcp", "web c", 8081));
        var rowC = page.Locator("#results tbody tr", new() { HasText = "web c" });
        await Expect(rowC).ToHaveCountAsync(1, new() { Timeout = 30000 });
        // No action published: a web type is opened at the node's address.
        await Expect(rowC.GetByRole(AriaRole.Link, new() { Name = "Open" })).ToHaveAttributeAsync("href", new Regex(@"^http://127\.[0-9.]+:8081/$"));
        await page.Locator("#f-q").FillAsync("web c");
        await Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#f-q").FillAsync("");
        Assert.Equal(0, await c.StopAsync());
        await Expect(rowC).ToHaveCountAsync(0, new() { Timeout = 15000 });
        await Expect(page.Locator("#results tbody tr", new() { HasText = "web b" })).ToHaveCountAsync(1);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ABadNodeNameShowsTheAgentsReasonAndChangesNothing()
    {
        var errors = new List<string>();
        await using var context = await fixture.Chromium.ContextAsync(fixture.BaseUrl, Screen.Desktop, fixture.OwnerState);
        var page = await Chromium.PageAsync(context, errors);
        var before = (await fixture.JsonAsync("api/v1/settings")).GetRawText();
        await page.GotoAsync("/#/settings");
        await page.Locator("#s-name").FillAsync("Bad Name!");
        await page.Locator("#s-community").FillAsync("elsewhere");
        await page.Locator("#settings-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".notice.bad")).ToContainTextAsync("Not saved: one value needs fixing. Nothing was changed.");
        // The agent's reason sits under the field it is about.
        await Expect(page.Locator("#settings-form .field:has(#s-name) .field-error")).ToContainTextAsync("'Bad Name!' must be a DNS label");
        await Expect(page.Locator("#s-name")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(before, (await fixture.JsonAsync("api/v1/settings")).GetRawText()); // the good community was not saved either
        await page.ReloadAsync();
        await Expect(page.Locator("#s-community")).ToHaveValueAsync("sants");
        // The 400 is the answer under test; every other console line must be clean.
        Assert.DoesNotContain(errors, e => !e.Contains("400 (Bad Request)", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\d+ %$")]
    private static partial Regex PercentRegex();
}
