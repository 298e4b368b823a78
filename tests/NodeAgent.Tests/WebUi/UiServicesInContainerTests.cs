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
        // The same harmless package under a service that claims ~60 GB of memory: it never fits here.
        _container.WriteFile("/etc/systemd/system/na-ubig.service", TestServices.Unit("/usr/bin/perl /usr/local/lib/na-web.pl 18182"));
        _container.WriteFile("/etc/nodeagent/services.d/ubig.json",
            TestServices.Manifest("ubig", "hello", "na-ubig.service", health.Replace("18181", "18182", StringComparison.Ordinal), 18182, ramMb: 60000));
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

            // A service that does not fit: install is refused with the numbers, and the page offers to install anyway.
            var big = page.Locator("[data-service=ubig]");
            var bigBadge = big.Locator(".title .badge");
            await Expect(big.Locator(".fit .badge")).ToHaveTextAsync("Won't fit");
            await big.Locator("button[data-op=install]").ClickAsync();
            var refusal = page.Locator(".notice.bad");
            await Expect(refusal).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^Install Test service: Ubig does not fit: ubig needs 60000 MB of RAM, \d+ MB is free .*\(the owner may override with force\)"));
            await Expect(bigBadge).ToHaveTextAsync("Not installed");
            await Screenshots.TakeAsync(page, "services-wont-fit", Screen.Desktop);
            await refusal.GetByRole(AriaRole.Button, new() { Name = "Install anyway" }).ClickAsync();
            await Expect(bigBadge).ToHaveTextAsync("Stopped", new() { Timeout = 120000 });
            (exit, output) = await _container.ExecAsync("dpkg-query", "-W", "-f", "${Status}", "hello");
            Assert.Equal("install ok installed", output.Trim());
            await big.Locator("button[data-op=remove]").ClickAsync();
            await Expect(bigBadge).ToHaveTextAsync("Not installed", new() { Timeout = 120000 });
            // The 409 refusal is the answer under test; nothing else may be in the console.
            Assert.DoesNotContain(errors, e => !e.Contains("status of 409", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(wrapper);
            await _container.ExecAsync("systemctl", "stop", "na-ui-agent.service");
            await _container.ExecAsync("apt-get", "remove", "-y", "-q", "hello");
        }
    }
}
