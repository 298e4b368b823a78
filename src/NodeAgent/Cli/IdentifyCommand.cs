using System.CommandLine;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Cli;

/// <summary>
/// <c>nodeagent identify [--seconds N]</c>: make the node's LED show which node it is;
/// <c>nodeagent identify --node ID</c>: ask another node of the cloud to do so, through Serf.
/// </summary>
internal static class IdentifyCommand
{
    public static Command Create()
    {
        var seconds = new Option<int?>("--seconds") { Description = "How long to identify, 1 to 3600 (default 30)." };
        var node = new Option<string?>("--node") { Description = "Ask this node of the cloud instead (its id, as search shows it); it identifies for its own default time." };
        var command = new Command("identify", "Blink this node's LED so you can find it (2 Hz, white on an RGB LED).")
        {
            seconds, node, ClientOptions.Socket, ClientOptions.Json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(node) is not null && r.GetValue(seconds) is not null)
            {
                r.AddError("--seconds applies to this node only: a node asked through the cloud identifies for its own default time");
            }
        });
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            if (result.GetValue(node) is { } id)
            {
                var asked = await client.PostAsync($"api/v1/cloud/nodes/{Uri.EscapeDataString(id)}/identify", AgentJsonContext.Default.CloudIdentify, ct).ConfigureAwait(false);
                if (json)
                {
                    ClientOptions.PrintJson(asked);
                    return;
                }
                Console.Out.WriteLine($"Asked {asked.NodeName} ({asked.NodeId}) to identify itself, through {asked.Via}.");
                return;
            }
            var status = await client.PostAsync("api/v1/feedback/identify", new IdentifyRequest(result.GetValue(seconds)),
                AgentJsonContext.Default.IdentifyRequest, AgentJsonContext.Default.FeedbackStatus, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(status);
                return;
            }
            var until = status.IdentifyUntil is { } u ? $" until {u.ToLocalTime():HH:mm:ss}" : "";
            Console.Out.WriteLine(status.Leds.Count == 0
                ? $"Identifying{until}, but this node has no LED the agent can drive ({FeedbackCommand.MissingSummary(status)})."
                : $"Identifying{until}: the {status.Leds[0].Name} LED shows '{status.Pattern}' ({status.Timing}).");
        }, cancellationToken));
        return command;
    }
}
