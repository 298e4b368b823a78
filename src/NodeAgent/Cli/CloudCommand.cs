using System.CommandLine;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent cloud stats</c>: the community cloud's participation table, live.</summary>
internal static class CloudCommand
{
    public static Command Create()
    {
        var stats = new Command("stats", "Count the cloud's nodes, agents and service instances, per community.") { ClientOptions.Socket, ClientOptions.Json };
        stats.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var numbers = await client.GetAsync("api/v1/cloud/stats", AgentJsonContext.Default.CloudStats, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(numbers);
                return;
            }
            Print(numbers, Console.Out);
        }, cancellationToken));
        return new Command("cloud", "The community cloud as this node sees it.") { stats };
    }

    internal static void Print(CloudStats stats, TextWriter o)
    {
        foreach (var backend in stats.Backends)
        {
            o.WriteLine($"Backend    {backend.Name}: {(backend.Up ? "up" : "down")} ({backend.Detail})");
        }
        if (stats.Backends.Count == 0)
        {
            o.WriteLine("Backend    none enabled (Discovery:Serf:Enabled and Discovery:Etcd:Enabled are false)");
        }
        o.WriteLine($"Nodes      {stats.Nodes}");
        o.WriteLine($"Agents     {stats.Agents}");
        foreach (var (type, count) in stats.Instances)
        {
            o.WriteLine($"  {type,-24} {count}");
        }
        foreach (var community in stats.Communities)
        {
            o.WriteLine($"Community  {(community.Community.Length == 0 ? "(none)" : community.Community)}: {community.Nodes} nodes, {community.Agents} agents");
            foreach (var (type, count) in community.Instances)
            {
                o.WriteLine($"  {type,-24} {count}");
            }
        }
    }
}
