using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent pair</c>: print a one-time code with which a browser pairs with this node as its owner.</summary>
internal static class PairCommand
{
    public static Command Create()
    {
        var command = new Command("pair", "Print a one-time code to pair a browser with this node (valid 10 minutes, for one device).")
        {
            ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var code = await client.PostAsync("api/v1/auth/code", AgentJsonContext.Default.PairingCode, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(code);
                return;
            }
            Console.Out.WriteLine($"Pairing code  {code.Code}");
            Console.Out.WriteLine($"Valid until   {code.Until.ToLocalTime():HH:mm:ss} (once, for one device)");
            Console.Out.WriteLine("Open the node's web page and enter it; the first device sets the owner password.");
        }, cancellationToken));
        return command;
    }
}
