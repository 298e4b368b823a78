using System.Globalization;
using System.Net;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// A network namespace joined to this host by its own veth pair (a /30 in 10.214.0.0/16): a second "machine" whose
/// only link the test can take down and bring back. Nothing is routed beyond the pair.
/// </summary>
internal sealed class NamespaceLink : IAsyncDisposable
{
    private readonly string _hostEnd;

    private NamespaceLink(string suffix, int subnet)
    {
        Namespace = $"nacut-{suffix}";
        _hostEnd = $"nah-{suffix}";
        HostAddress = IPAddress.Parse($"10.214.{subnet}.1");
        InsideAddress = IPAddress.Parse($"10.214.{subnet}.2");
    }

    public string Namespace { get; }

    public IPAddress HostAddress { get; }

    public IPAddress InsideAddress { get; }

    public static async Task<NamespaceLink> CreateAsync()
    {
        var suffix = Random.Shared.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture);
        var link = new NamespaceLink(suffix, Random.Shared.Next(1, 250));
        var inside = $"nan-{suffix}";
        await Ip("netns", "add", link.Namespace);
        await Ip("-n", link.Namespace, "link", "set", "lo", "up");
        await Ip("link", "add", link._hostEnd, "type", "veth", "peer", "name", inside);
        await Ip("link", "set", inside, "netns", link.Namespace);
        await Ip("addr", "add", $"{link.HostAddress}/30", "dev", link._hostEnd);
        await Ip("link", "set", link._hostEnd, "up");
        await Ip("-n", link.Namespace, "addr", "add", $"{link.InsideAddress}/30", "dev", inside);
        await Ip("-n", link.Namespace, "link", "set", inside, "up");
        return link;
    }

    /// <summary>Takes the link down (or back up) on the host's side: the namespace is cut off.</summary>
    public Task SetUpAsync(bool up) => Ip("link", "set", _hostEnd, up ? "up" : "down");

    public async ValueTask DisposeAsync()
    {
        await Ip("link", "del", _hostEnd, ignoreErrors: true);
        await Ip("netns", "del", Namespace, ignoreErrors: true);
    }

    private static async Task Ip(params string[] args) => await Ip(args, ignoreErrors: false);

    private static async Task Ip(string a, string b, string c, bool ignoreErrors) => await Ip([a, b, c], ignoreErrors);

    private static async Task Ip(string[] args, bool ignoreErrors)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", args) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !ignoreErrors)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {error}");
        }
    }
}
