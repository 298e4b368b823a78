using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodeAgent.Configuration;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary>Options every client verb shares (--socket, --json) and how a verb runs against the agent.</summary>
internal static class ClientOptions
{
    public const string RunDirSocket = "/run/nodeagent/nodeagent.sock";

    public static readonly Option<string?> Socket = new("--socket") { Description = "The agent's Unix socket (default: the installed agent's, else the one in your data directory)." };

    public static readonly Option<bool> Json = new("--json") { Description = "Print the agent's answer as JSON." };

    private static readonly AgentJsonContext Indented = new(new JsonSerializerOptions(AgentJsonContext.Default.Options) { WriteIndented = true });

    /// <summary>
    /// Where to find the agent when --socket is not given: NODEAGENT__SOCKET, then the installed
    /// agent's socket, then the default data directory of a hand-started agent.
    /// </summary>
    public static string ResolveSocket(string? flag, System.Collections.IDictionary environment)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return flag;
        }
        if (environment["NODEAGENT__SOCKET"] is string env && env.Length > 0)
        {
            return env;
        }
        if (File.Exists(RunDirSocket))
        {
            return RunDirSocket;
        }
        var dataDir = environment["NODEAGENT__DATADIR"] as string is { Length: > 0 } d ? d : AgentConfigReader.DefaultDataDir(environment);
        return Path.Combine(dataDir, "nodeagent.sock");
    }

    /// <summary>Runs a client verb: connects, lets it ask, prints a failure on stderr with a non-zero exit code.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<AgentClient, bool, CancellationToken, Task> verb, CancellationToken cancellationToken)
    {
        using var client = new AgentClient(ResolveSocket(result.GetValue(Socket), Environment.GetEnvironmentVariables()));
        try
        {
            await verb(client, result.GetValue(Json), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (AgentClientException e)
        {
            await Console.Error.WriteLineAsync($"nodeagent: {e.Message}").ConfigureAwait(false);
            return e.Rejected ? ExitCodes.DataError : ExitCodes.Unavailable;
        }
    }

    public static void PrintJson<T>(T value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T))!));
}
