using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary><c>nodeagent settings [--name N] [--community C] [--lan-read-only true|false]</c>: show or change the node's settings.</summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "New node name (a DNS label: a-z, 0-9, '-')." };
        var community = new Option<string?>("--community") { Description = "New community name; \"\" leaves the community." };
        var lanReadOnly = new Option<bool?>("--lan-read-only") { Description = "true: anyone on the LAN may read the API without signing in; false: loopback and owners only." };
        var command = new Command("settings", "Show the node's settings, or change them with --name / --community / --lan-read-only.")
        {
            name, community, lanReadOnly, ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var newName = result.GetValue(name);
            var newCommunity = result.GetValue(community);
            var newLan = result.GetValue(lanReadOnly);
            var settings = newName is null && newCommunity is null && newLan is null
                ? await client.GetAsync("api/v1/settings", AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false)
                : await client.PutAsync("api/v1/settings", new SettingsUpdate(newName, newCommunity, newLan),
                    AgentJsonContext.Default.SettingsUpdate, AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(settings);
                return;
            }
            Console.Out.WriteLine($"Name       {settings.Name}  ({settings.NameSource})");
            Console.Out.WriteLine($"Community  {(settings.Community.Length == 0 ? "(none)" : settings.Community)}  ({settings.CommunitySource})");
            Console.Out.WriteLine($"LAN reads  {(settings.LanReadOnly ? "open to the LAN" : "loopback and owners only")}");
        }, cancellationToken));
        return command;
    }
}
