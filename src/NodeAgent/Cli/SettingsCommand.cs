using System.CommandLine;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary>
/// <c>nodeagent settings [--name N] [--community C] [--lan-read-only B] [--guifi-node ID] [--serf B] [--serf-rpc A]
/// [--etcd B] [--etcd-endpoints U;U] [--avahi B]</c>: show or change the node's settings, all in one request.
/// </summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "New node name (a DNS label: a-z, 0-9, '-')." };
        var community = new Option<string?>("--community") { Description = "New community name; \"\" leaves the community." };
        var lanReadOnly = new Option<bool?>("--lan-read-only") { Description = "true: anyone on the LAN may read the API without signing in; false: loopback and owners only." };
        var guifi = new Option<long?>("--guifi-node") { Description = "The node's id in guifi.net (the number in guifi.net/node/NNNN); 0 removes it. Published at once." };
        var serf = new Option<bool?>("--serf") { Description = "true/false: publish and search through the node's Serf agent." };
        var serfRpc = new Option<string?>("--serf-rpc") { Description = "The Serf agent's RPC address, ADDRESS:PORT." };
        var etcd = new Option<bool?>("--etcd") { Description = "true/false: publish and search through etcd." };
        var etcdEndpoints = new Option<string?>("--etcd-endpoints") { Description = "etcd client URLs, ';'-separated, e.g. http://10.1.2.3:2379." };
        var avahi = new Option<bool?>("--avahi") { Description = "true/false: announce the services on the LAN through avahi-daemon." };
        var command = new Command("settings", "Show the node's settings, or change them (every change in one request: all of it is saved, or none).")
        {
            name, community, lanReadOnly, guifi, serf, serfRpc, etcd, etcdEndpoints, avahi, ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var endpoints = result.GetValue(etcdEndpoints)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var discovery = new DiscoveryUpdate(
                result.GetValue(serf) is null && result.GetValue(serfRpc) is null ? null : new SerfUpdate(result.GetValue(serf), result.GetValue(serfRpc)),
                result.GetValue(etcd) is null && endpoints is null ? null : new EtcdUpdate(result.GetValue(etcd), endpoints),
                result.GetValue(avahi) is null ? null : new AvahiUpdate(result.GetValue(avahi)));
            var update = new SettingsUpdate(result.GetValue(name), result.GetValue(community), result.GetValue(lanReadOnly), result.GetValue(guifi), null, discovery);
            var settings = update.IsEmpty
                ? await client.GetAsync("api/v1/settings", AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false)
                : await client.PutAsync("api/v1/settings", update, AgentJsonContext.Default.SettingsUpdate, AgentJsonContext.Default.NodeSettings, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(settings);
                return;
            }
            Print(settings);
        }, cancellationToken));
        return command;
    }

    private static void Print(NodeSettings settings)
    {
        var o = Console.Out;
        o.WriteLine($"Name        {settings.Name}  ({settings.NameSource})");
        o.WriteLine($"Community   {(settings.Community.Length == 0 ? "(none)" : settings.Community)}  ({settings.CommunitySource})");
        o.WriteLine($"LAN reads   {(settings.LanReadOnly ? "open to the LAN" : "loopback and owners only")}");
        o.WriteLine($"guifi.net   {(settings.GuifiNode is { } id ? $"node {id}" : "(none)")}  ({settings.GuifiNodeSource})");
        var services = settings.Services ?? [];
        o.WriteLine($"Declared    {services.Count} service{(services.Count == 1 ? "" : "s")}  ({settings.ServicesSource})");
        foreach (var s in services)
        {
            o.WriteLine($"  {s.Type} {s.Name} port {s.Port}{(s.Fields is { Count: > 0 } f ? "  " + string.Join(' ', f) : "")}");
        }
        if (settings.Discovery is not { } d)
        {
            return;
        }
        o.WriteLine($"Serf        {OnOff(d.Serf.Enabled)}  rpc {d.Serf.RpcAddress}{(d.Serf.AuthKeySet ? " (auth key set)" : "")}  ({d.Serf.Source})");
        o.WriteLine($"etcd        {OnOff(d.Etcd.Enabled)}  {(d.Etcd.Endpoints.Count == 0 ? "(no endpoints)" : string.Join(' ', d.Etcd.Endpoints))}  ({d.Etcd.Source})");
        o.WriteLine($"Avahi       {OnOff(d.Avahi.Enabled)}  {d.Avahi.ServicesDirectory}  ({d.Avahi.Source})");
    }

    private static string OnOff(bool on) => on ? "on " : "off";
}
