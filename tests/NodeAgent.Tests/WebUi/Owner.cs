using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodeAgent.Tests.Process;
using static Microsoft.Playwright.Assertions;

namespace NodeAgent.Tests.WebUi;

/// <summary>Becoming a node's owner the way a person does: a code from <c>nodeagent pair</c>, typed into the pairing screen.</summary>
internal static partial class Owner
{
    public const string Password = "correct horse battery";

    /// <summary>A one-time code printed by the CLI verb, over the agent's Unix socket.</summary>
    public static async Task<string> CodeAsync(AgentProcess agent)
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "pair", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        return Code(stdout);
    }

    /// <summary>The code in what <c>nodeagent pair</c> printed ("Pairing code  123-456").</summary>
    public static string Code(string output)
    {
        var code = CodeRegex().Match(output);
        Assert.True(code.Success, $"no code in: {output}");
        return code.Value;
    }

    /// <summary>The first pairing: code and the owner password (twice), then the dashboard.</summary>
    public static async Task PairAsync(IPage page, string code, string password = Password)
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("#pair-form")).ToBeVisibleAsync();
        await page.Locator("#pair-code").FillAsync(code);
        await page.Locator("#pair-password").FillAsync(password);
        await page.Locator("#pair-again").FillAsync(password);
        await page.Locator("#pair-device").FillAsync("test browser");
        await page.Locator("#pair-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }

    /// <summary>A desktop context of a paired owner, its cookies saved for further contexts (the phone's).</summary>
    public static async Task<string> PairedStateAsync(Chromium chromium, AgentProcess agent)
    {
        await using var context = await chromium.ContextAsync(agent.Http.BaseAddress!, Screen.Desktop);
        var page = await Chromium.PageAsync(context, []);
        await PairAsync(page, await CodeAsync(agent));
        return await context.StorageStateAsync();
    }

    [GeneratedRegex(@"\b\d{3}-\d{3}\b")]
    private static partial Regex CodeRegex();
}
