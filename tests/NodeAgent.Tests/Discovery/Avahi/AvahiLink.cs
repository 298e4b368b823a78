using System.Diagnostics;

namespace NodeAgent.Tests.Discovery.Avahi;

/// <summary>
/// Two hosts on a private veth link, each a network namespace with its own dbus-daemon and avahi-daemon
/// (tests/scripts/avahi-netns.sh): services put in host A's avahi services directory are browsed from host B.
/// </summary>
internal sealed class AvahiLink : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(Boards.RepositoryFiles.Root, "tests", "scripts", "avahi-netns.sh");

    private AvahiLink(string name, string servicesDirectory)
    {
        Name = name;
        ServicesDirectory = servicesDirectory;
    }

    public string Name { get; }

    /// <summary>Host A's avahi services directory, as seen from here.</summary>
    public string ServicesDirectory { get; }

    /// <summary>An agent's publisher on host A.</summary>
    public NodeAgent.Discovery.Avahi.AvahiPublisher Publisher(string nodeId, string community, NodeAgent.Discovery.IServiceSource services, NodeAgent.Discovery.DiscoveryStatus? status = null) =>
        new(new NodeAgent.Configuration.AvahiDiscoveryOptions { Enabled = true, ServicesDirectory = ServicesDirectory },
            () => new NodeAgent.Discovery.LocalNode(nodeId, community), services, new NodeAgent.Hosting.ConditionsChanged(),
            status ?? new NodeAgent.Discovery.DiscoveryStatus(TimeProvider.System, backend: "avahi"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NodeAgent.Discovery.Avahi.AvahiPublisher>.Instance);

    /// <summary>Host B's D-Bus system bus, where its avahi-daemon answers (a browser there sees host A's services).</summary>
    public string BusAddressB => $"unix:path=/tmp/nodeagent-avahi-{Name}/b/dbus/system_bus_socket";

    public static async Task<AvahiLink> StartAsync(string name)
    {
        var (code, output, error) = await RunAsync("up", name);
        if (code != 0)
        {
            throw new InvalidOperationException($"avahi-netns.sh up {name} failed ({code}): {error}");
        }
        return new AvahiLink(name, output.Trim());
    }

    /// <summary>What host B resolves on the link now: (instance name, type, port, TXT) per service.</summary>
    public async Task<List<(string Name, string Type, int Port, string Txt)>> BrowseAsync()
    {
        var (_, output, _) = await RunAsync("browse", Name);
        var found = new List<(string, string, int, string)>();
        foreach (var line in output.Split('\n'))
        {
            // =;IFACE;IPv4;NAME;TYPE-DESCRIPTION;DOMAIN;HOST;ADDRESS;PORT;TXT
            var parts = line.Split(';');
            if (parts.Length >= 10 && parts[0] == "=")
            {
                found.Add((Unescape(parts[3]), parts[4], int.Parse(parts[8], System.Globalization.CultureInfo.InvariantCulture), string.Join(';', parts[9..])));
            }
        }
        return found;
    }

    /// <summary>Browses every 250 ms until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task<List<(string Name, string Type, int Port, string Txt)>> WaitAsync(
        Func<List<(string Name, string Type, int Port, string Txt)>, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seen = await BrowseAsync();
            if (condition(seen))
            {
                return seen;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds} s; host B sees [{string.Join(", ", seen.Select(s => $"{s.Name} {s.Type} {s.Port}"))}]");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Stops host A's (or B's) avahi-daemon cleanly (the LAN forgets its services), or starts it again.</summary>
    public async Task SetDaemonAsync(bool running, char host = 'a')
    {
        var (code, _, error) = await RunAsync(running ? "start" : "stop", Name, host.ToString());
        if (code != 0)
        {
            throw new InvalidOperationException($"avahi-netns.sh {(running ? "start" : "stop")} {Name} failed ({code}): {error}");
        }
    }

    public async ValueTask DisposeAsync() => await RunAsync("down", Name);

    /// <summary>avahi-browse -p escapes bytes as \DDD (decimal).</summary>
    private static string Unescape(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\\(\d{3})", m => ((char)int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    private static async Task<(int Code, string Output, string Error)> RunAsync(string verb, string name, string host = "a")
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo("bash", [Script, verb, name, host]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
