using Microsoft.Playwright;
using NodeAgent.Tests.Process;
using NodeAgent.Tests.Services;
using NodeAgent.Tests.Services.Manager;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// The Services page driving a real systemd: the published agent runs in the shared nspawn container with a test
/// manifest whose package is Debian's harmless <c>hello</c> and whose unit is a tiny perl web server. The container has
/// its own network, so Chromium is started inside that network namespace (nsenter -n) and reaches the agent on the
/// container's loopback. The owner pairs, installs (watching the progress), starts, reads the log, stops and removes it.
/// </summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class UiServicesInContainerTests(NspawnFixture fixture)
{
    private const string Agent = "/usr/local/bin/nodeagent";
    private const string Socket = "/var/lib/na-ui/nodeagent.sock";
    private const int Port = 18710;
    private readonly NspawnContainer _container = fixture.Container;

    [Fact]
    public async Task TheOwnerInstallsStartsAndStopsAServiceFromTheServicesPage()
    {
        File.Copy(AgentProcess.Binary, Path.Join(_container.Root, Agent.TrimStart('/')), overwrite: true);
        _container.WriteFile("/usr/local/lib/na-web.pl", TestServices.WebScript);
        _container.WriteFile("/etc/systemd/system/na-uweb.service", TestServices.Unit("/usr/bin/perl /usr/local/lib/na-web.pl 18181"));
        var health = """{ "kind": "http", "url": "http://127.0.0.1:18181/", "intervalSeconds": 30, "timeoutSeconds": 2, "graceSeconds": 20 }""";
        _container.WriteFile("/etc/nodeagent/services.d/uweb.json", TestServices.Manifest("uweb", "hello", "na-uweb.service", health, 18181));
        var (exit, output) = await _container.ExecAsync("systemd-run", "--unit=na-ui-agent", "--collect",
            Agent, "run", "--data", "/var/lib/na-ui", "--urls", $"http://127.0.0.1:{Port}");
        Assert.True(exit == 0, output);
        var wrapper = Path.Join(Path.GetTempPath(), $"nodeagent-chromium-{_container.Pid}.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec nsenter -t {_container.Pid} -n -- {Chromium.Path} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var chromium = await Chromium.LaunchAsync(wrapper);
            var baseUrl = new Uri($"http://127.0.0.1:{Port}/");
            await WebUiFixture.WaitAsync(async () =>
            {
                var (code, json) = await _container.ExecAsync(Agent, "services", "--json", "--socket", Socket);
                using var list = code == 0 ? System.Text.Json.JsonDocument.Parse(json) : null;
                return list?.RootElement.GetProperty("managed").GetBoolean() == true;
            }, "the agent in the container manages services");
            (exit, output) = await _container.ExecAsync(Agent, "pair", "--socket", Socket);
            Assert.True(exit == 0, output);
            var errors = new List<string>();
            await using var context = await chromium.ContextAsync(baseUrl, Screen.Desktop);
            var page = await Chromium.PageAsync(context, errors);
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await Owner.PairAsync(page, Owner.Code(output));

            await page.GotoAsync("/#/services");
            var card = page.Locator("[data-service=uweb]");
            var badge = card.Locator(".title .badge");
            await Expect(badge).ToHaveTextAsync("Not installed");
            // Every state the badge shows, as the page polls: install's progress must be among them.
            await page.EvaluateAsync("""
                () => { window.seen = []; const b = document.querySelector("[data-service=uweb] .title .badge");
                        new MutationObserver(() => window.seen.push(b.textContent)).observe(b, { childList: true, characterData: true, subtree: true }); }
                """);
            await card.Locator("button[data-op=install]").ClickAsync();
            await Expect(badge).ToHaveTextAsync("Stopped", new() { Timeout = 120000 });
            var seen = await page.EvaluateAsync<string[]>("() => window.seen");
            Assert.Contains(seen, s => s.StartsWith("Installing", StringComparison.Ordinal));

            await card.Locator("button[data-op=start]").ClickAsync();
            await Expect(badge).ToHaveTextAsync("Running", new() { Timeout = 60000 });
            await Expect(card).ToContainTextAsync("GET http://127.0.0.1:18181/ answered 200");
            await card.Locator("summary").ClickAsync();
            await Expect(card.Locator(".journal")).ToContainTextAsync("Started");
            await Screenshots.TakeAsync(page, "services-managed", Screen.Desktop);

            await card.Locator("button[data-op=stop]").ClickAsync();
            await Expect(badge).ToHaveTextAsync("Stopped", new() { Timeout = 60000 });
            await Expect(page.Locator(".notice.ok")).ToBeVisibleAsync();
            await card.Locator("button[data-op=remove]").ClickAsync();
            await Expect(badge).ToHaveTextAsync("Not installed", new() { Timeout = 120000 });
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(wrapper);
            await _container.ExecAsync("systemctl", "stop", "na-ui-agent.service");
            await _container.ExecAsync("apt-get", "remove", "-y", "-q", "hello");
        }
    }
}
