using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent identify [--seconds N]</c>: make the node's LED show which node it is.</summary>
internal static class IdentifyCommand
{
    public static Command Create()
    {
        var seconds = new Option<int?>("--seconds") { Description = "How long to identify, 1 to 3600 (default 30)." };
        var command = new Command("identify", "Blink this node's LED so you can find it (2 Hz, white on an RGB LED).")
        {
            seconds, ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
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
