using System.Text.RegularExpressions;
using NodeAgent.Discovery;

namespace NodeAgent.Services.Catalogue;

internal static partial class ManifestReader
{
    private static List<ServicePort>? ReadPorts(JsonObjectReader root)
    {
        if (root.Array("ports", true, 0, 16, "ports") is not { } items)
        {
            return null;
        }
        var ports = new List<ServicePort>();
        var ok = true;
        foreach (var (item, path) in items)
        {
            var problems = new List<ManifestProblem>();
            if (JsonObjectReader.Open(item, path, problems, "port", "protocol", "purpose") is { } p)
            {
                var number = p.Int("port", true, 1, 65535, "the port number");
                var protocol = p.String("protocol", true, v => v is "tcp" or "udp" ? null : "is not a protocol; allowed: tcp, udp");
                var purpose = p.String("purpose", true, v => v.Length is > 0 and <= 100 && !v.Any(char.IsControl) ? null : "must be 1-100 characters on one line");
                if (problems.Count == 0)
                {
                    var port = new ServicePort(number!.Value, protocol == "tcp" ? PortProtocol.Tcp : PortProtocol.Udp, purpose!);
                    if (ports.Any(x => x.Port == port.Port && x.Protocol == port.Protocol))
                    {
                        problems.Add(new(path, $"{port} is listed twice"));
                    }
                    ports.Add(port);
                }
            }
            ok &= problems.Count == 0;
            root.AddProblems(problems);
        }
        return ok ? ports : null;
    }

    private static ServiceAnnouncement? ReadAnnounce(JsonObjectReader root, IReadOnlyList<ServicePort>? ports)
    {
        if (root.Object("announce", false, "type", "port", "fields", "action") is not { } a)
        {
            return null;
        }
        var before = a.ProblemCount;
        var type = a.String("type", true, v => ServiceRules.IsValidType(v) ? null : ServiceRules.TypeRule);
        var port = a.Int("port", true, 1, 65535, "the published port");
        if (type is not null && port is { } n && ports is not null)
        {
            var protocol = type.EndsWith("._tcp", StringComparison.Ordinal) ? PortProtocol.Tcp : PortProtocol.Udp;
            if (!ports.Any(p => p.Port == n && p.Protocol == protocol))
            {
                a.Problem("port", $"{n}/{(protocol == PortProtocol.Tcp ? "tcp" : "udp")} (the protocol of type {type}) is not among the manifest's ports; add it to \"ports\"");
            }
        }
        // The action travels as reserved fields of the record (ServiceActions): their keys and room are kept free.
        var fields = a.StringMap("fields", ServiceRules.MaxFields - ServiceActions.ReservedFields,
            k => ServiceActions.IsReserved(k) ? "is reserved for the announced action; set it in \"action\""
                : ServiceRules.IsValidKey(k) ? null : $"is not a field key; a key {ServiceRules.KeyRule}",
            v => ServiceRules.IsValidValue(v) ? null : $"must be at most {ServiceRules.MaxValueLength} characters without control characters");
        var action = ReadAction(a);
        return a.ProblemCount > before ? null : new ServiceAnnouncement(type!, port!.Value, fields!, action!);
    }

    private static AnnounceAction? ReadAction(JsonObjectReader announce)
    {
        if (announce.Object("action", true, "kind", "template", "client") is not { } a)
        {
            return null;
        }
        var kind = a.String("kind", true, v => v is "open-url" or "connect-client" ? null : "is not an action; allowed: open-url, connect-client");
        var template = a.String("template", true, CheckTemplate);
        var client = a.String("client", kind == "connect-client", v => ServiceRules.IsValidName(v) ? null : "must be 1-63 printable characters naming the client program");
        if (kind == "open-url" && template is not null && !template.StartsWith("http://", StringComparison.Ordinal) && !template.StartsWith("https://", StringComparison.Ordinal))
        {
            a.Problem("template", $"'{template}' must start with http:// or https:// for an open-url action");
            return null;
        }
        if (kind == "open-url" && client is not null)
        {
            a.Problem("client", "applies to connect-client actions only; leave it out");
            return null;
        }
        return kind is null || template is null || (kind == "connect-client" && client is null) ? null
            : new AnnounceAction(kind == "open-url" ? AnnounceActionKind.OpenUrl : AnnounceActionKind.ConnectClient, template, client);
    }

    /// <summary>The searcher fills the placeholders in; any other brace is a typo that would reach a person's browser.</summary>
    private static string? CheckTemplate(string template)
    {
        if (template.Length is 0 or > 200 || template.Any(char.IsWhiteSpace) || template.Any(char.IsControl))
        {
            return "must be 1-200 characters without spaces";
        }
        var unknown = Placeholder().Matches(template).Select(m => m.Value).FirstOrDefault(v => v is not ("{host}" or "{port}"));
        if (unknown is not null || Placeholder().Replace(template, "").IndexOfAny(['{', '}']) >= 0)
        {
            return $"has {(unknown is null ? "an unmatched brace" : $"the unknown placeholder {unknown}")}; allowed placeholders: {{host}}, {{port}}";
        }
        return template.Contains("{host}", StringComparison.Ordinal) ? null : "must contain {host}, the address of the node that runs the service";
    }

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
