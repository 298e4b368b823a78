using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent status</c>: who the node is and whether the agent is healthy.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show the node's identity and the agent's health.") { ClientOptions.Socket, ClientOptions.Json };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var node = await client.GetAsync("api/v1/node", AgentJsonContext.Default.NodeInfo, ct).ConfigureAwait(false);
            var health = await client.GetHealthAsync(ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(new NodeStatus(node, health));
                return;
            }
            var o = Console.Out;
            o.WriteLine($"Node       {node.Name}  (id {node.Id})");
            o.WriteLine($"Community  {(node.Community.Length == 0 ? "(none)" : node.Community)}");
            if (node.GuifiNode is { } guifi)
            {
                o.WriteLine($"guifi.net  node {guifi}  (https://guifi.net/node/{guifi})");
            }
            o.WriteLine($"Agent      {node.Version} {node.Architecture}, up {Durations.Format(node.AgentUptimeSeconds)}");
            if (node.HostUptimeSeconds is { } host)
            {
                o.WriteLine($"Host       up {Durations.Format(host)}");
            }
            o.WriteLine($"Health     {health.Status}");
            foreach (var check in health.Checks)
            {
                o.WriteLine($"  {check.Name,-10} {check.Status,-9} {check.Detail}");
            }
        }, cancellationToken));
        return command;
    }
}
