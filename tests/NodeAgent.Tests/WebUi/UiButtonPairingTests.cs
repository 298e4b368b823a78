using System.Text.Json;
using NodeAgent.Feedback;
using NodeAgent.Tests.Process;
using NodeAgent.Tests.Resources;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// Pairing in the button's window, in a real browser against the published agent. The agent runs as an APU2 (its
/// button is a gpio-keys input device) under a host root whose <c>/dev/input/event0</c> is a FIFO: the real driver
/// (<see cref="InputEventButtonSource"/>) reads it, and the test writes the kernel's key events into it, holding the
/// button for 3.5 s the way a person would. No code from <c>nodeagent pair</c> is used.
/// </summary>
[Trait("Category", "WebUi")]
public sealed class UiButtonPairingTests : IAsyncLifetime
{
    private const ushort KeyRestart = 408;

    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-uibutton-").FullName;
    private AgentProcess _agent = null!;
    private Chromium _chromium = null!;
    private FileStream _button = null!;

    public async Task InitializeAsync()
    {
        var launch = Chromium.LaunchAsync();
        var root = Path.Join(_dir, "host");
        CopyTree(HostFixture.PathOf("apu2"), root);
        Directory.CreateDirectory(Path.Join(root, "proc", "bus", "input"));
        await File.WriteAllTextAsync(Path.Join(root, "proc", "bus", "input", "devices"),
            "I: Bus=0019 Vendor=0001 Product=0001 Version=0100\nN: Name=\"gpio-keys-polled\"\nH: Handlers=kbd event0\nB: EV=3\n\n");
        Directory.CreateDirectory(Path.Join(root, "dev", "input"));
        var fifo = Path.Join(root, "dev", "input", "event0");
        var (exit, _, stderr) = await Run("mkfifo", "-m", "600", fifo);
        Assert.True(exit == 0, stderr);
        _agent = await AgentProcess.StartAsync(Path.Join(_dir, "data"), new Dictionary<string, string>
        {
            ["NODEAGENT__NODE__NAME"] = "buttoned",
            ["NODEAGENT__NODE__BOARD"] = "apu2",
            ["NODEAGENT__RESOURCES__HOSTROOT"] = root,
        });
        // Opening the FIFO for writing waits for the agent's reader, as a device node is there from boot.
        _button = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1)).WaitAsync(TimeSpan.FromSeconds(15));
        _chromium = await launch;
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _button.DisposeAsync();
        await _agent.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task KeyAsync(int value)
    {
        var bytes = new byte[InputEvent.Size * 2];
        new InputEvent(InputEvent.KeyEvent, KeyRestart, value).WriteTo(bytes.AsSpan(0, InputEvent.Size));
        new InputEvent(0, 0, 0).WriteTo(bytes.AsSpan(InputEvent.Size)); // EV_SYN, as the kernel follows every key
        await _button.WriteAsync(bytes);
        await _button.FlushAsync();
    }

    [Fact]
    public async Task HoldingTheButtonOpensAWindowInWhichTheFirstOwnerPairsWithoutACode()
    {
        var errors = new List<string>();
        await using var context = await _chromium.ContextAsync(_agent.Http.BaseAddress!, Screen.Phone);
        var page = await Chromium.PageAsync(context, errors);
        await page.GotoAsync("/");
        await Expect(page.Locator("#pair-form")).ToBeVisibleAsync();
        var window = page.Locator("#pair-form .notice.ok");
        await Expect(window).ToHaveCountAsync(0);

        // A press that begins within the start-up grace (5 s) is ignored as a button held at power-on: wait it out,
        // however fast the browser came up.
        var grace = new GestureOptions().StartupGrace.TotalSeconds + 1;
        while (JsonDocument.Parse(await _agent.Http.GetStringAsync("api/v1/node")).RootElement.GetProperty("agentUptimeSeconds").GetDouble() < grace)
        {
            await Task.Delay(200);
        }

        await KeyAsync(InputEvent.Pressed);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await KeyAsync(InputEvent.Released);
        // The screen follows the node: within its 5 s poll it says the window is open.
        await Expect(window).ToContainTextAsync("The node's pairing window is open until ");
        await Expect(window).ToContainTextAsync("no code needed.");
        using (var feedback = JsonDocument.Parse(await _agent.Http.GetStringAsync("api/v1/feedback")))
        {
            Assert.Equal("pairing-window", feedback.RootElement.GetProperty("state").GetString());
        }
        await Screenshots.TakeAsync(page, "pair-window", Screen.Phone);

        // No code: the open window is the proof of presence. The first device sets the password.
        await page.Locator("#pair-password").FillAsync(Owner.Password);
        await page.Locator("#pair-again").FillAsync(Owner.Password);
        await page.Locator("#pair-device").FillAsync("phone by the node");
        await page.Locator("#pair-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("buttoned");

        // One device per window: it closed with this pairing.
        using var auth = JsonDocument.Parse(await _agent.Http.GetStringAsync("api/v1/auth"));
        Assert.True(auth.RootElement.GetProperty("owner").GetBoolean());
        Assert.False(auth.RootElement.GetProperty("pairing").GetProperty("open").GetBoolean());
        var events = await _agent.WaitForEventsAsync("auth.paired");
        Assert.Contains(events, e => e.GetProperty("message").GetString() == "Device 'phone by the node' paired from 127.0.0.1 in the button's pairing window; it set the owner password");
        Assert.Empty(errors);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Join(to, Path.GetRelativePath(from, dir)));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Join(to, Path.GetRelativePath(from, file)));
        }
    }

    private static async Task<(int, string, string)> Run(string program, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await process.StandardOutput.ReadToEndAsync(), await stderr);
    }
}
