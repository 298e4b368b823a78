using System.CommandLine;
using NodeAgent.Auth;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary>
/// <c>nodeagent sessions [--json]</c> and <c>nodeagent sessions revoke ID</c>: the devices signed in to the web UI as
/// the owner, and signing one out, through the agent's API on its socket (the local owner's door).
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var command = new Command("sessions", "List the devices signed in to the web UI as the owner (`revoke ID` signs one out).")
        {
            Revoke(), ClientOptions.Socket, ClientOptions.Json,
        };
        command.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, json, ct) =>
        {
            var sessions = await client.GetAsync("api/v1/auth/sessions", AgentJsonContext.Default.IReadOnlyListSessionInfo, ct).ConfigureAwait(false);
            if (json)
            {
                ClientOptions.PrintJson(sessions);
                return;
            }
            Print(sessions, Console.Out);
        }, cancellationToken));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("ID") { Description = "The session's id, as `nodeagent sessions` lists it (16 hex digits)." };
        id.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!OwnerAuth.IsPublicId(value))
            {
                r.AddError($"'{value}' is not a session id: ids are {OwnerAuth.PublicIdLength} hex digits (see `nodeagent sessions`)");
            }
        });
        var revoke = new Command("revoke", "Sign a device out at once: its next request finds no session.") { id, ClientOptions.Socket, ClientOptions.Json };
        revoke.SetAction((result, cancellationToken) => ClientOptions.RunAsync(result, async (client, _, ct) =>
        {
            var value = result.GetValue(id)!;
            await client.DeleteAsync($"api/v1/auth/sessions/{value}", ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Signed out session {value}.");
        }, cancellationToken));
        return revoke;
    }

    internal static void Print(IReadOnlyList<SessionInfo> sessions, TextWriter o)
    {
        if (sessions.Count == 0)
        {
            o.WriteLine("No device is signed in. Pair one with `nodeagent pair`.");
            return;
        }
        o.WriteLine($"{"ID",-16}  {"SIGNED IN",-16}  {"LAST USED",-16}  DEVICE");
        foreach (var s in sessions)
        {
            o.WriteLine($"{s.Id,-16}  {s.Created.ToLocalTime(),-16:yyyy-MM-dd HH:mm}  {s.LastUsed.ToLocalTime(),-16:yyyy-MM-dd HH:mm}  {s.Device}");
        }
        o.WriteLine($"{sessions.Count} signed in; last use is recorded at most hourly. `nodeagent sessions revoke ID` signs one out.");
    }
}
