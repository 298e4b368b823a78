using System.CommandLine;
using NodeAgent.Boards;
using NodeAgent.Configuration;
using NodeAgent.Feedback;

namespace NodeAgent.Cli;

/// <summary>
/// <c>nodeagent led STATE</c>: shows a node state on the board's LEDs and leaves it to the kernel, without the daemon.
/// Boot scripts use it where the agent does not run yet: first boot shows <c>first-boot</c> while it sets the node up.
/// Only what goes on without a process is used (LED triggers, steady brightness); an LED that would need software
/// blinking for the pattern is lit steadily instead, and LEDs on GPIO lines are left alone (a line is released, and
/// its level lost, when the process exits). The daemon takes the LEDs over when it starts.
/// </summary>
internal static class LedCommand
{
    public static Command Create()
    {
        var state = new Argument<string>("state") { Description = $"The state to show: {string.Join(", ", Enum.GetValues<NodeState>().Select(NodeStateNames.Of))}." };
        var config = new Option<string?>("--config") { Description = $"Configuration file, for Node:Board and the host root (default: {AgentConfigReader.DefaultConfigFile} when it exists)." };
        var command = new Command("led", "Show a node state on the LEDs and leave it to the kernel, without the daemon (for boot scripts).") { state, config };
        command.SetAction(result => Run(result.GetValue(state)!, result.GetValue(config), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string name, string? configFile, TextWriter output, TextWriter error)
    {
        if (Enum.GetValues<NodeState>().FirstOrDefault(s => NodeStateNames.Of(s) == name) is var state && NodeStateNames.Of(state) != name)
        {
            error.WriteLine($"nodeagent: '{name}' is not a node state; give one of {string.Join(", ", Enum.GetValues<NodeState>().Select(NodeStateNames.Of))}");
            return ExitCodes.Usage;
        }
        AgentOptions options;
        try
        {
            options = AgentConfigReader.Load(configFile, Environment.GetEnvironmentVariables(), new Dictionary<string, string?>());
        }
        catch (ConfigurationException e)
        {
            error.WriteLine($"nodeagent: {e.Message}");
            return ExitCodes.Configuration;
        }
        var choice = BoardDetector.ChooseHere(options.Board, options.HostRoot);
        if (choice.Profile is not { } board)
        {
            output.WriteLine($"{name}: no board profile ({choice.Reason}): no LEDs to show it on");
            return ExitCodes.Ok;
        }
        var roles = LedLanguage.EffectiveRoles([.. board.Leds.Select(l => l.Role)]);
        var failed = false;
        var shown = 0;
        for (var i = 0; i < board.Leds.Count; i++)
        {
            var spec = board.Leds[i];
            var label = $"{spec.Colour.ToString().ToLowerInvariant()} {roles[i].ToString().ToLowerInvariant()} LED";
            if (spec.Sysfs is not { } names)
            {
                output.WriteLine($"{name}: {label} on a GPIO line left alone (only the agent can drive it)");
                continue;
            }
            try
            {
                if (SysfsLed.Open(Path.Join(options.HostRoot, "sys/class/leds"), names, TimeProvider.System) is not { } led)
                {
                    output.WriteLine($"{name}: {label}: none of {string.Join(", ", names)} is in /sys/class/leds");
                    continue;
                }
                var pattern = LedLanguage.For(state, roles[i]);
                var steadied = !led.ShowByKernel(pattern) && led.ShowByKernel(pattern.SteadyOn || !pattern.IsSteady ? LedPattern.Solid : LedPattern.Off);
                led.Leave();
                shown++;
                output.WriteLine($"{name}: {label} {led.Name}: {(steadied ? $"steady (its kernel cannot blink {pattern.Name})" : pattern.Name)} by {led.Method}");
            }
            catch (LedWriteException e)
            {
                error.WriteLine($"nodeagent: {e.Message}");
                failed = true;
            }
        }
        if (shown == 0 && !failed)
        {
            output.WriteLine($"{name}: board {board.Id} has no LED this command can set");
        }
        return failed ? ExitCodes.Unavailable : ExitCodes.Ok;
    }
}
