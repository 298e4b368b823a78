using Microsoft.Playwright;

namespace NodeAgent.Tests.WebUi;

/// <summary>
/// Debian's Chromium driven by Playwright's driver (the node program the NuGet package ships): the browser is
/// launched by its path, never downloaded. Each page records console errors and uncaught exceptions.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>What a closed network needs: no background fetches, no QUIC, no GPU, no sandbox (tests run as root).</summary>
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>How long actions and assertions wait, in ms.</summary>
    private const float Timeout = 30000;

    /// <summary>Launches Chromium, or <paramref name="executable"/>: a wrapper that runs it elsewhere (another network namespace).</summary>
    /// <remarks>Playwright talks to the browser over a pipe, not a socket, so a browser in another network namespace is still driven.</remarks>
    public static async Task<Chromium> LaunchAsync(string? executable = null)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: install Debian's chromium (tests/scripts/deps.sh lists it)");
        }
        // The whole suite shares two cores, and on some VMs Chromium's page faults cost several times what they cost on
        // others (a first page once took over 15 s there under the full suite): assertions get the same 30 s as
        // actions, not Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(Timeout);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable ?? Path, Headless = true, Args = Args });
        return new Chromium(playwright, browser);
    }

    /// <summary>A desktop (1280 wide, light) or phone (390 wide, dark, touch) context on <paramref name="baseUrl"/>.</summary>
    public Task<IBrowserContext> ContextAsync(Uri baseUrl, Screen screen, string? storageState = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = screen == Screen.Phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = screen == Screen.Phone,
            HasTouch = screen == Screen.Phone,
            ColorScheme = screen == Screen.Phone ? ColorScheme.Dark : ColorScheme.Light,
            StorageState = storageState,
        });

    /// <summary>A page whose console errors and uncaught exceptions land in <paramref name="errors"/>.</summary>
    public static async Task<IPage> PageAsync(IBrowserContext context, List<string> errors)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"exception: {error}");
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>The two screens every page is checked (and pictured) on.</summary>
public enum Screen
{
    Desktop,
    Phone,
}
