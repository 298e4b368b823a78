using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent feedback</c>: what the node's light says, and what LEDs and button it has.</summary>
internal static class FeedbackCommand
{
    public static Command Create()
    {
        var command = new Command("feedback", "Show the node state the LEDs display, the board, and the LEDs and button found.")
        {
            ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var status = await client.GetAsync("api/v1/feedback", AgentJsonContext.Default.FeedbackStatus, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(status);
                return;
            }
            Print(status, Console.Out);
        }, cancellationToken));
        return command;
    }

    internal static void Print(FeedbackStatus status, TextWriter o)
    {
        o.WriteLine($"State    {status.State}: {status.Reason}");
        o.WriteLine($"Pattern  {status.Pattern} ({status.Timing})");
        o.WriteLine($"Board    {status.Board ?? "(none)"}: {status.BoardReason}");
        foreach (var led in status.Leds)
        {
            o.WriteLine($"LED      {led.Name,-14} {led.Colour,-6} {led.Role,-7} {led.Pattern,-13} {led.Method}");
        }
        foreach (var extra in status.Extras ?? [])
        {
            o.WriteLine($"Extra    {extra.Kind,-8} {extra.Name,-30} {extra.Showing}");
        }
        o.WriteLine($"Button   {status.Button ?? "(none)"}");
        if (status.ResetCountdownSeconds is { } left)
        {
            o.WriteLine($"Reset    in {left} s unless the button is released");
        }
        foreach (var missing in status.Missing)
        {
            o.WriteLine($"Missing  {missing}");
        }
    }

    internal static string MissingSummary(FeedbackStatus status) =>
        status.Missing.Count == 0 ? "see `nodeagent feedback`" : string.Join("; ", status.Missing);
}
