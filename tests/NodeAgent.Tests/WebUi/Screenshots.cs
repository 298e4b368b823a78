using Microsoft.Playwright;

namespace NodeAgent.Tests.WebUi;

/// <summary>Full-page screenshots under the repository's artifacts/screenshots/, for a person to look at.</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Create();

    public static async Task TakeAsync(IPage page, string name, Screen screen)
    {
        // Let transitions (gauge rings, bars) finish so the picture shows the page at rest.
        // From the top: a page scrolled to a card would show the sticky header in the middle of the picture.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = System.IO.Path.Combine(Directory, $"{name}-{(screen == Screen.Phone ? "phone" : "desktop")}.png"),
            FullPage = true,
        });
    }

    private static string Create()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root, "NodeAgent.sln")))
        {
            root = System.IO.Path.GetDirectoryName(root);
        }
        var dir = System.IO.Path.Combine(root ?? System.IO.Path.GetTempPath(), "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
