using System.CommandLine;
using NodeAgent.Configuration;
using NodeAgent.Hosting;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent run</c>: the daemon.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Configuration file (default: {AgentConfigReader.DefaultConfigFile} when it exists)." };
        var data = new Option<string?>("--data") { Description = "Data directory for the store (overrides DataDir)." };
        var urls = new Option<string?>("--urls") { Description = "HTTP listen URLs, ';'-separated (overrides Urls). Default http://127.0.0.1:8480." };
        var socket = new Option<string?>("--socket") { Description = "Unix socket for the CLI (overrides Socket)." };
        var command = new Command("run", "Run the agent (the daemon): sample resources, serve the API and the CLI socket.")
        {
            config, data, urls, socket,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>
            {
                ["--data"] = result.GetValue(data),
                ["--urls"] = result.GetValue(urls),
                ["--socket"] = result.GetValue(socket),
            };
            return await RunAsync(result.GetValue(config), flags, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? configFile, Dictionary<string, string?> flags, CancellationToken cancellationToken)
    {
        AgentOptions options;
        try
        {
            options = AgentConfigReader.Load(configFile, Environment.GetEnvironmentVariables(), flags);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"nodeagent: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        WebApplication app;
        try
        {
            app = AgentHost.Build(options, TimeProvider.System);
        }
        catch (AgentStartException e)
        {
            await Console.Error.WriteLineAsync($"nodeagent: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AgentStartException e)
            {
                await Console.Error.WriteLineAsync($"nodeagent: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
            catch (IOException e)
            {
                // Kestrel reports a port in use or an address it cannot bind as an IOException.
                await Console.Error.WriteLineAsync($"nodeagent: cannot listen: {e.Message}. Choose another address with --urls.").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
            await Console.Out.WriteLineAsync(
                $"nodeagent {AgentVersion.Current} serving {string.Join(", ", options.Urls)} (CLI socket {options.SocketPath}, data {options.DataDir})").ConfigureAwait(false);
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }
}
