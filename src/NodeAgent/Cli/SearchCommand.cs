using System.CommandLine;
using System.Text;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent search</c>: services published in the community cloud, as this node's agent knows them.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var type = new Option<string?>("--type") { Description = "Only this service type, e.g. _syncthing._tcp." };
        var community = new Option<string?>("--community") { Description = "Only nodes of this community." };
        var node = new Option<string?>("--node") { Description = "Only this node (name or id)." };
        var text = new Argument<string?>("QUERY") { Description = "Text to find in names, types, nodes and fields.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("search", "Find services published by the nodes of the community cloud.")
        {
            type, community, node, text, ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var path = Path(("type", result.GetValue(type)), ("community", result.GetValue(community)), ("node", result.GetValue(node)), ("q", result.GetValue(text)));
            var results = await client.GetAsync(path, AgentJsonContext.Default.IReadOnlyListSearchResult, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(results);
                return;
            }
            Print(results, Console.Out);
        }, cancellationToken));
        return command;
    }

    internal static string Path(params (string Key, string? Value)[] parameters)
    {
        var path = new StringBuilder("api/v1/search");
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            if (value is not null)
            {
                path.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }
        return path.ToString();
    }

    internal static void Print(IReadOnlyList<SearchResult> results, TextWriter o)
    {
        if (results.Count == 0)
        {
            o.WriteLine("No services found.");
            return;
        }
        o.WriteLine($"{"TYPE",-22} {"NAME",-24} {"NODE",-20} {"ADDRESS",-16} {"PORT",5}  {"SOURCES",-10} COMMUNITY");
        foreach (var r in results)
        {
            var s = r.Record;
            o.WriteLine($"{s.Type,-22} {s.Name,-24} {s.NodeName,-20} {(s.Addresses.Count > 0 ? s.Addresses[0] : "-"),-16} {s.Port,5}  {string.Join(',', r.Sources),-10} {(s.Community.Length == 0 ? "-" : s.Community)}");
            if (r.Action is { } action)
            {
                o.WriteLine(action.Client is { } client ? $"  connect {client} to {action.Target}" : $"  open {action.Target}");
            }
        }
        o.WriteLine($"{results.Count} services on {results.Select(r => r.Record.NodeId).Distinct().Count()} nodes");
    }
}
