namespace NodeAgent.Services.Catalogue;

internal static partial class ManifestReader
{
    private static readonly string[] HealthProperties = ["kind", "url", "expectStatus", "port", "command", "intervalSeconds", "timeoutSeconds", "graceSeconds", "failures"];

    // Which target properties each kind takes; the others are refused so a probe never silently checks something else.
    private static readonly Dictionary<string, string[]> HealthTargets = new(StringComparer.Ordinal)
    {
        ["http"] = ["url", "expectStatus"],
        ["tcp"] = ["port"],
        ["command"] = ["command"],
    };

    private static HealthProbe? ReadHealth(JsonObjectReader root, IReadOnlyList<ServicePort>? ports)
    {
        if (root.Object("health", true, HealthProperties) is not { } h)
        {
            return null;
        }
        var before = h.ProblemCount;
        var kindName = h.String("kind", true, v => HealthTargets.ContainsKey(v) ? null : "is not a probe kind; allowed: http, tcp, command");
        var interval = h.Has("intervalSeconds") ? h.Int("intervalSeconds", true, 5, 3600, "seconds between checks") : 30;
        var timeout = h.Has("timeoutSeconds") ? h.Int("timeoutSeconds", true, 1, 60, "seconds a check may take") : 5;
        var grace = h.Has("graceSeconds") ? h.Int("graceSeconds", true, 0, 600, "seconds after a start during which failures do not count") : 0;
        var failures = h.Has("failures") ? h.Int("failures", true, 1, 10, "consecutive failed checks before the service is unhealthy") : 3;
        if (interval is { } i && timeout is { } t && t >= i)
        {
            h.Problem("timeoutSeconds", $"is {t} s, not shorter than intervalSeconds ({i} s); a check must end before the next one starts");
        }
        if (kindName is null)
        {
            return null;
        }
        foreach (var other in HealthTargets.Where(k => k.Key != kindName).SelectMany(k => k.Value).Where(h.Has))
        {
            h.Problem(other, $"does not apply to a {kindName} probe, which takes {string.Join(", ", HealthTargets[kindName])}");
        }
        var probe = kindName switch
        {
            "http" => ReadHttpProbe(h, ports),
            "tcp" => ReadTcpProbe(h, ports),
            _ => ReadCommandProbe(h),
        };
        if (probe is null || h.ProblemCount > before)
        {
            return null;
        }
        return probe with
        {
            Interval = TimeSpan.FromSeconds(interval!.Value),
            Timeout = TimeSpan.FromSeconds(timeout!.Value),
            Grace = TimeSpan.FromSeconds(grace!.Value),
            Failures = failures!.Value,
        };
    }

    private static HealthProbe? ReadHttpProbe(JsonObjectReader h, IReadOnlyList<ServicePort>? ports)
    {
        var url = h.String("url", true, v => CheckProbeUrl(v, ports));
        var status = h.Has("expectStatus") ? h.Int("expectStatus", true, 100, 599, "the HTTP status that means healthy") : null;
        return url is null ? null : new HealthProbe { Kind = HealthProbeKind.Http, Url = url, ExpectStatus = status, Interval = default, Timeout = default };
    }

    /// <summary>A probe checks this node's own service, so it may only reach loopback, over plain http, on a declared port.</summary>
    private static string? CheckProbeUrl(string url, IReadOnlyList<ServicePort>? ports)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.UserInfo.Length > 0)
        {
            return "must be an http:// URL without user or password, e.g. http://127.0.0.1:8384/rest/noauth/health";
        }
        if (uri.Host is not ("127.0.0.1" or "localhost" or "[::1]"))
        {
            return "must point at this node (host 127.0.0.1, ::1 or localhost); a probe checks the local service only";
        }
        return ports is null || ports.Any(p => p.Port == uri.Port && p.Protocol == PortProtocol.Tcp) ? null
            : $"uses port {uri.Port}, which is not among the manifest's tcp ports; add it to \"ports\"";
    }

    private static HealthProbe? ReadTcpProbe(JsonObjectReader h, IReadOnlyList<ServicePort>? ports)
    {
        var port = h.Int("port", true, 1, 65535, "the loopback port that must accept a connection");
        if (port is { } p && ports is not null && !ports.Any(x => x.Port == p && x.Protocol == PortProtocol.Tcp))
        {
            h.Problem("port", $"{p} is not among the manifest's tcp ports; add it to \"ports\"");
            return null;
        }
        return port is null ? null : new HealthProbe { Kind = HealthProbeKind.Tcp, Port = port, Interval = default, Timeout = default };
    }

    private static HealthProbe? ReadCommandProbe(JsonObjectReader h)
    {
        var command = h.Array("command", true, 1, 16, "program and arguments");
        if (command is null)
        {
            return null;
        }
        var argv = new List<string>();
        for (var i = 0; i < command.Count; i++)
        {
            var (item, _) = command[i];
            var text = item.ValueKind == System.Text.Json.JsonValueKind.String ? item.GetString()! : null;
            if (text is null || text.Length is 0 or > 200 || text.Any(char.IsControl))
            {
                h.Problem("command", i, "must be a non-empty string of at most 200 characters without control characters");
            }
            else if (i == 0 && !Path.IsPathRooted(text))
            {
                h.Problem("command", i, $"'{text}' must be an absolute path (e.g. /usr/bin/dig); the command runs without a shell or PATH");
            }
            else
            {
                argv.Add(text);
            }
        }
        return argv.Count != command.Count ? null
            : new HealthProbe { Kind = HealthProbeKind.Command, Command = argv, Interval = default, Timeout = default };
    }
}
