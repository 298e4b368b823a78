using System.CommandLine;
using System.Runtime.InteropServices;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent version</c>: prints what this binary is, without asking the daemon.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the agent's version and architecture.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"nodeagent {AgentVersion.Current} ({RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()})");
            return 0;
        });
        return command;
    }
}
