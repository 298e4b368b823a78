using System.CommandLine;

namespace NodeAgent.Cli;

/// <summary>Builds the verb tree. Each verb lives in its own file and owns its help text.</summary>
internal static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("NodeAgent: runs community services on this node and publishes them to the community cloud.")
        {
            RunCommand.Create(),
            StatusCommand.Create(),
            ResourcesCommand.Create(),
            SettingsCommand.Create(),
            PairCommand.Create(),
            SessionsCommand.Create(),
            FeedbackCommand.Create(),
            IdentifyCommand.Create(),
            LedCommand.Create(),
            SearchCommand.Create(),
            CloudCommand.Create(),
            ServicesCommand.Create(),
            VersionCommand.Create(),
        };
        // The daemon's host handles SIGTERM/SIGINT itself and must finish its shutdown (history flush):
        // the parser's own termination handling would cut that short.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
