using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>Manifests and units for the manager tests: small programs the container's own perl and coreutils run.</summary>
internal static partial class TestServices
{
    /// <summary>An HTTP server in the container's perl-base: answers 200 "ok" to any GET after reading its head.</summary>
    public const string WebScript = """
        use IO::Socket::INET;
        my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1:" . $ARGV[0], Listen => 5, ReuseAddr => 1) or die "listen: $!";
        while (my $c = $s->accept) {
            while (defined(my $l = <$c>)) { last if $l eq "\r\n"; }
            print $c "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
            close $c;
        }
        """;

    /// <summary>The template manifest with its package, unit, health probe and port replaced.</summary>
    public static string Manifest(string id, string package, string unit, string health, int port, int ramMb = 100, int priority = 50)
    {
        var json = ManifestTemplate.Valid(id)
            .Replace("\"packages\": [\"testpkg\"]", $"\"packages\": [\"{package}\"]", StringComparison.Ordinal)
            .Replace("\"unit\": \"testpkg.service\"", $"\"unit\": \"{unit}\"", StringComparison.Ordinal)
            .Replace("\"ramMb\": 100", $"\"ramMb\": {ramMb}", StringComparison.Ordinal)
            .Replace("\"priority\": 50", $"\"priority\": {priority}", StringComparison.Ordinal)
            .Replace("\"memoryHighMb\": 150, \"memoryMaxMb\": 200", $"\"memoryHighMb\": {ramMb + 50}, \"memoryMaxMb\": {ramMb + 100}", StringComparison.Ordinal)
            // Each service its own ports: two that share one may not run together.
            .Replace("8080", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("5000", (port + 10000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return HealthPattern().Replace(json, $"\"health\": {health},");
    }

    /// <summary>A unit that enable can link (it has an [Install] section).</summary>
    public static string Unit(string execStart) =>
        $"[Unit]\nDescription=nodeagent manager test\n\n[Service]\nExecStart={execStart}\n\n[Install]\nWantedBy=multi-user.target\n";

    [GeneratedRegex("\"health\": \\{[^}]*\\},")]
    private static partial Regex HealthPattern();
}
