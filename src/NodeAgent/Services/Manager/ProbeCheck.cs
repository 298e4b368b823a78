using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Manager;

/// <summary>One health check as the manifest describes it: an HTTP GET or a TCP connect on loopback, or a program.</summary>
/// <remarks>
/// HTTP is written by hand (HTTP/1.0-style GET, <c>Connection: close</c>, only the status line is read): a probe needs
/// the status and nothing else, and a minimal request works with every server, including a few lines of script.
/// </remarks>
internal static class ProbeCheck
{
    private const int MaxStatusLine = 1024;

    /// <summary>Runs the check once within the probe's timeout; never throws for a failed check.</summary>
    public static async Task<ProbeResult> RunAsync(HealthProbe probe, ManagedSystem system, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        try
        {
            return probe.Kind switch
            {
                HealthProbeKind.Tcp => await TcpAsync(probe.Port!.Value, system.Network, timeout.Token).ConfigureAwait(false),
                HealthProbeKind.Http => await HttpAsync(new Uri(probe.Url!), probe.ExpectStatus, system.Network, timeout.Token).ConfigureAwait(false),
                _ => await CommandAsync(probe.Command, system.Commands, timeout.Token).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, $"{Describe(probe)}: no answer within {probe.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return new(false, $"{Describe(probe)}: {e.Message}");
        }
    }

    public static string Describe(HealthProbe probe) => probe.Kind switch
    {
        HealthProbeKind.Tcp => $"tcp connect to port {probe.Port}",
        HealthProbeKind.Http => $"GET {probe.Url}",
        _ => string.Join(' ', probe.Command),
    };

    private static async Task<ProbeResult> TcpAsync(int port, IProbeNetwork network, CancellationToken cancellationToken)
    {
        using var socket = network.CreateTcpSocket(AddressFamily.InterNetwork);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        return new(true, $"port {port} accepts connections");
    }

    private static async Task<ProbeResult> HttpAsync(Uri url, int? expect, IProbeNetwork network, CancellationToken cancellationToken)
    {
        // The manifest reader allows only 127.0.0.1, ::1 and localhost; localhost is taken as 127.0.0.1.
        var address = url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 ? IPAddress.Parse(url.DnsSafeHost) : IPAddress.Loopback;
        using var socket = network.CreateTcpSocket(address.AddressFamily);
        await socket.ConnectAsync(new IPEndPoint(address, url.Port), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\nUser-Agent: nodeagent-probe\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);
        var line = await ReadStatusLineAsync(stream, cancellationToken).ConfigureAwait(false);
        // "HTTP/1.1 200 OK"
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return new(false, $"GET {url}: the answer is not HTTP ('{Printable(line)}')");
        }
        var ok = expect is { } e ? status == e : status is >= 200 and <= 299;
        var wanted = expect is { } w ? w.ToString(CultureInfo.InvariantCulture) : "2xx";
        return new(ok, $"GET {url} answered {status}" + (ok ? "" : $" (expected {wanted})"));
    }

    private static async Task<string> ReadStatusLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxStatusLine];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            length += n;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) is var end and >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end).TrimEnd('\r');
            }
        }
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private static async Task<ProbeResult> CommandAsync(IReadOnlyList<string> command, CommandHost host, CancellationToken cancellationToken)
    {
        string? last = null;
        int exit;
        try
        {
            exit = await host.RunAsync(command[0], command.Skip(1), l => last = l, l => last = l, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            return new(false, $"{command[0]} could not be started ({e.Message})");
        }
        var said = last is { Length: > 0 } ? $": {Printable(last)}" : "";
        return new(exit == 0, $"{string.Join(' ', command)} exited {exit}{said}");
    }

    private static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 120 ? clean[..120] + "…" : clean;
    }
}

/// <summary>The outcome of one check.</summary>
/// <param name="Passed">The service answered as healthy.</param>
/// <param name="Detail">What it answered, for the state's detail and events.</param>
internal sealed record ProbeResult(bool Passed, string Detail);
