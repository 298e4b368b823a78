using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Services;

namespace NodeAgent.Cli;

/// <summary>
/// <c>nodeagent services [list|show ID|install ID|start ID|stop ID|restart ID|remove ID]</c>: the service catalogue on
/// this node and the operations on one service, through the agent's API on its socket.
/// </summary>
internal static partial class ServicesCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var list = new Command("list", "List the catalogue: state, whether each service fits this node, what it needs.") { ClientOptions.Socket, ClientOptions.Json };
        list.SetAction(ListAction);
        var command = new Command("services", "The community services this node can run: list them, install, start, stop, restart or remove one.")
        {
            list, Show(),
            Operation("install", "Install a service's packages (apt), with progress; it is left stopped unless its package starts it."),
            Operation("start", "Start a service: fit check, limits, enable, start; then its health probe decides healthy or unhealthy."),
            Operation("stop", "Stop a service and disable it."),
            Operation("restart", "Restart a service (starts it if stopped, after a fit check)."),
            Operation("remove", "Stop a service and remove its packages (their configuration files stay)."),
            ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction(ListAction);
        return command;
    }

    private static Task<int> ListAction(ParseResult result, CancellationToken cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
    {
        var services = await client.GetAsync("api/v1/services", AgentJsonContext.Default.ServiceList, ct).ConfigureAwait(false);
        if (json)
        {
            ClientOptions.PrintJson(services);
            return;
        }
        Print(services, Console.Out);
    }, cancellationToken);

    private static Command Show()
    {
        var id = IdArgument();
        var show = new Command("show", "One service: state and why, fit verdict with the numbers, its unit's last journal lines.") { id, ClientOptions.Socket, ClientOptions.Json };
        show.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var service = await client.GetAsync($"api/v1/services/{result.GetValue(id)}", AgentJsonContext.Default.ServiceInfo, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(service);
                return;
            }
            PrintOne(service, Console.Out);
        }, cancellationToken));
        return show;
    }

    private static Command Operation(string verb, string description)
    {
        var id = IdArgument();
        var force = new Option<bool>("--force") { Description = "Install or start even where the fit check refuses (memory, disk, cores); the override is logged." };
        var command = new Command(verb, description) { id, force, ClientOptions.Socket, ClientOptions.Json };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var path = $"api/v1/services/{result.GetValue(id)}/{verb}" + (result.GetValue(force) ? "?force=true" : "");
            var answer = await client.PostAsync(path, AgentJsonContext.Default.ServiceOperationResult, ct).ConfigureAwait(false);
            var service = answer.Service;
            if (!json)
            {
                Console.Out.WriteLine(answer.Message);
            }
            // An install goes on in the agent: follow it to its end, as apt itself would show it.
            var lastProgress = -1.0;
            while (service.State == "installing")
            {
                if (!json && service.Progress is { } p && p > lastProgress)
                {
                    Console.Out.WriteLine($"  {p,5:0.0} %  {service.Detail}");
                    lastProgress = p;
                }
                await Task.Delay(PollEvery, ct).ConfigureAwait(false);
                service = await client.GetAsync($"api/v1/services/{service.Id}", AgentJsonContext.Default.ServiceInfo, ct).ConfigureAwait(false);
            }
            if (json)
            {
                ClientOptions.PrintJson(service);
            }
            else
            {
                Console.Out.WriteLine($"{service.Id}: {service.State}{(service.Detail is { } d ? $" ({d})" : "")}");
            }
            if (verb == "install" && service.State == "not-installed")
            {
                throw new AgentClientException($"{service.Id} was not installed: {service.Detail}", rejected: true);
            }
        }, cancellationToken));
        return command;
    }

    /// <summary>An id as the catalogue allows it, checked here so a typo gets a clear message, not a confusing path.</summary>
    private static Argument<string> IdArgument()
    {
        var id = new Argument<string>("ID") { Description = "The service's catalogue id, e.g. syncthing (see `nodeagent services list`)." };
        id.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value is null || !IdPattern().IsMatch(value))
            {
                r.AddError($"'{value}' is not a service id: ids are 1-40 characters of a-z, 0-9 and '-' (see `nodeagent services list`)");
            }
        });
        return id;
    }

    internal static void Print(ServiceList list, TextWriter o)
    {
        if (list.Unavailable is { } why)
        {
            o.WriteLine($"Service management unavailable: {why}");
            o.WriteLine();
        }
        o.WriteLine($"{"ID",-16} {"STATE",-14} {"FIT",-8} {"RAM MB",6}  NAME");
        foreach (var s in list.Services)
        {
            var state = s.Progress is { } p ? $"{s.State} {p:0}%" : s.State;
            o.WriteLine($"{s.Id,-16} {state,-14} {s.Fit.Outcome,-8} {s.RamMb,6}  {s.Name}");
        }
        o.WriteLine($"{list.Services.Count} services; `nodeagent services show ID` says why a service is in its state or does not fit");
    }

    internal static void PrintOne(ServiceInfo s, TextWriter o)
    {
        o.WriteLine($"{s.Name} ({s.Id})");
        o.WriteLine($"  {s.Description}");
        o.WriteLine($"State      {s.State}{(s.Progress is { } p ? $" {p:0.0} %" : "")} since {s.Since.ToLocalTime():yyyy-MM-dd HH:mm:ss}{(s.Busy ? " (an operation is running)" : "")}");
        if (s.Detail is { } detail)
        {
            o.WriteLine($"           {detail}");
        }
        o.WriteLine($"Fit        {s.Fit.Summary}");
        o.WriteLine($"Needs      {s.RamMb} MB RAM, {s.DiskMb} MB disk; priority {s.Priority}");
        if (s.Footprint is { } f)
        {
            var now = f.MemoryMb is { } mb ? $"{mb} MB now, CPU {f.CpuPercent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "?"} %; " : "";
            o.WriteLine($"Uses       {now}at most {f.PeakMb} MB in the last day{(f.PeakMb > s.RamMb ? " (the fit check reserves that, not its requirement)" : "")}");
        }
        o.WriteLine($"Unit       {s.Unit} (packages: {string.Join(", ", s.Packages)})");
        if (s.Continues is { } seed)
        {
            o.WriteLine($"Continues  {seed} (Cloudy)");
        }
        o.WriteLine($"Announced  {s.Announce ?? "no"}{(s.Announce is null ? "" : " (while healthy)")}");
        foreach (var line in s.Journal ?? [])
        {
            o.WriteLine($"  {line.Time.ToLocalTime():MM-dd HH:mm:ss} {line.Identifier}: {line.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
