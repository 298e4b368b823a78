using System.Text.Json;
using Microsoft.Playwright;
using NodeAgent.Tests.Process;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// Settings in Chromium on a fourth agent of its own (so the shared agents keep their settings): the guifi.net id,
/// a declared service and a discovery backend are changed through the page; the agent's messages appear next to
/// the fields; what applies at once reaches agent A's search through Serf; a backend turned on runs at once (its
/// service files appear) and its badge leaves "off".
/// </summary>
public sealed partial class UiPagesTests
{
    [Fact]
    public async Task SettingsChangeTheGuifiIdDeclaredServicesAndBackendsWithMessagesAtTheFields()
    {
        var errors = new List<string>();
        var env = WebUiFixture.Env("node-d", fixture.Cluster[2], "_http._tcp", "web d", 8082);
        env["NODEAGENT__NODE__COMMUNITY"] = "poble-sec";
        await using var d = await AgentProcess.StartAsync(fixture.NewDir(), env);
        var owner = await Owner.PairedStateAsync(fixture.Chromium, d);
        await using var context = await fixture.Chromium.ContextAsync(d.Http.BaseAddress!, Screen.Desktop, owner);
        var page = await Chromium.PageAsync(context, errors);
        await page.GotoAsync("/#/settings");
        await Expect(page.Locator("#services-form tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#backend-serf .badge").First).ToHaveTextAsync("running");

        // guifi.net id: a refused value is explained under the field; a good one is saved and shown.
        await page.Locator("#s-guifi").FillAsync("-7");
        await page.Locator("#settings-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#settings-form .field:has(#s-guifi) .field-error")).ToContainTextAsync("'-7' must be a guifi.net node id");
        Assert.False((await Json(d, "api/v1/settings")).TryGetProperty("guifiNode", out _));
        await page.Locator("#s-guifi").FillAsync("31337");
        await page.Locator("#settings-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#settings-flash")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#s-guifi")).ToHaveValueAsync("31337");
        Assert.Equal(31337, (await Json(d, "api/v1/node")).GetProperty("guifiNode").GetInt32());

        // A second declared service; a bad port first, shown at its cell, and nothing saved.
        await page.Locator("#service-add").ClickAsync();
        await page.Locator("#svc-1-type").FillAsync("_ssh._tcp");
        await page.Locator("#svc-1-name").FillAsync("shell d");
        await page.Locator("#svc-1-port").FillAsync("70000");
        await page.Locator("#svc-1-fields").FillAsync("user=guest\nmotd=welcome");
        await page.Locator("#services-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#services-form td:has(#svc-1-port) .field-error")).ToHaveTextAsync("'70000' must be a port number from 1 to 65535");
        await Screenshots.TakeAsync(page, "settings-invalid", Screen.Desktop);
        Assert.Single((await Json(d, "api/v1/settings")).GetProperty("services").EnumerateArray());
        await page.Locator("#svc-1-port").FillAsync("2222");
        await page.Locator("#services-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#settings-flash")).ToContainTextAsync("Saved and published: 2 declared services.");
        await Expect(page.Locator("#services-form tbody tr")).ToHaveCountAsync(2);

        // Published at once: A finds it through Serf, carrying the guifi.net id.
        JsonElement record = default;
        await WebUiFixture.WaitAsync(async () =>
        {
            var found = (await fixture.JsonAsync("api/v1/search?q=shell%20d")).EnumerateArray().ToList();
            record = found.Count == 1 ? found[0].GetProperty("record") : default;
            return found.Count == 1;
        }, "A finds shell d");
        Assert.Equal(("2222", "31337", "guest"), (record.GetProperty("port").ToString(), record.GetProperty("fields").GetProperty("guifi_node").GetString(),
            record.GetProperty("fields").GetProperty("user").GetString()));

        // Backends: etcd on without endpoints is refused at its field; Avahi on is saved and runs at once.
        await page.Locator("#d-etcd").CheckAsync();
        await page.Locator("#discovery-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#discovery-form .field-error").First).ToContainTextAsync("discovery.etcd.endpoints is missing");
        await page.Locator("#d-etcd").UncheckAsync();
        await page.Locator("#d-avahi").CheckAsync();
        await page.Locator("#d-avahi-dir").FillAsync(d.DataDir);
        await page.Locator("#discovery-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#settings-flash .notice.ok")).ToContainTextAsync("Saved and applied: Avahi runs with the new settings now.");
        await Expect(page.Locator("#backend-avahi legend .badge")).Not.ToHaveTextAsync("off");
        var avahi = (await Json(d, "api/v1/settings")).GetProperty("discovery").GetProperty("avahi");
        Assert.Equal((true, "saved"), (avahi.GetProperty("enabled").GetBoolean(), avahi.GetProperty("source").GetString()));
        // The publisher runs: a static service file per published service, in the directory just chosen.
        await WebUiFixture.WaitAsync(() => Task.FromResult(Directory.GetFiles(d.DataDir, "nodeagent-*.service").Length == 2), "Avahi service files for shell d and web d");
        await Expect(page.Locator("#d-avahi")).ToBeCheckedAsync();
        await Screenshots.TakeAsync(page, "settings-edit", Screen.Desktop);

        await using (var phone = await fixture.Chromium.ContextAsync(d.Http.BaseAddress!, Screen.Phone, owner))
        {
            var small = await Chromium.PageAsync(phone, errors);
            await small.GotoAsync("/#/settings");
            await Expect(small.Locator("#services-form tbody tr")).ToHaveCountAsync(2);
            await Screenshots.TakeAsync(small, "settings-edit", Screen.Phone);
        }
        Assert.Equal(0, await d.StopAsync());
        // The refused requests are the answers under test; every other console line must be clean.
        Assert.DoesNotContain(errors, e => !e.Contains("400 (Bad Request)", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> Json(AgentProcess agent, string path)
    {
        using var doc = JsonDocument.Parse(await agent.Http.GetStringAsync(path));
        return doc.RootElement.Clone();
    }
}
