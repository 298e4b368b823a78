using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent settings [--name N] [--community C]</c>: show or change the node's settings.</summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "New node name (a DNS label: a-z, 0-9, '-')." };
        var community = new Option<string?>("--community") { Description = "New community name; \"\" leaves the community." };
        var command = new Command("settings", "Show the node's settings, or change them with --name / --community.")
        {
            name, community, ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var newName = result.GetValue(name);
            var newCommunity = result.GetValue(community);
            var settings = newName is null && newCommunity is null
                ? await client.GetAsync("api/v1/settings", AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false)
                : await client.PutAsync("api/v1/settings", new SettingsUpdate(newName, newCommunity),
                    AgentJsonContext.Default.SettingsUpdate, AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(settings);
                return;
            }
            Console.Out.WriteLine($"Name       {settings.Name}  ({settings.NameSource})");
            Console.Out.WriteLine($"Community  {(settings.Community.Length == 0 ? "(none)" : settings.Community)}  ({settings.CommunitySource})");
        }, cancellationToken));
        return command;
    }
}
