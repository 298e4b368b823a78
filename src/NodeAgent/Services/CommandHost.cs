using System.Diagnostics;

namespace NodeAgent.Services;

/// <summary>
/// Starts the helper programs the service manager runs (<c>journalctl</c>, <c>apt-get</c>, <c>dpkg-query</c>) on the
/// system being managed: this one in the product. Tests give a prefix that runs them inside a booted container
/// (<c>nsenter -t PID -m -u -i -n -p --</c>), the way <see cref="Systemd.SystemdOptions.Root"/> points the D-Bus
/// client there. Arguments travel as an argument list, never through a shell.
/// </summary>
public sealed class CommandHost
{
    private readonly string[] _prefix;
    private readonly bool _transient;

    internal CommandHost(IEnumerable<string> prefix, bool transient = false)
    {
        _prefix = [.. prefix];
        _transient = transient;
    }

    /// <summary>Runs commands on this machine.</summary>
    public static CommandHost Local { get; } = new([]);

    /// <summary>
    /// Runs commands on this machine in a transient system service of their own, outside the agent's sandbox: the
    /// agent's unit makes the file system read-only and drops capabilities, and a package's maintainer scripts write
    /// anywhere (<c>systemd-run --pipe --wait</c>: output, exit code and stdin stay the caller's; the environment is
    /// handed over explicitly, as the new unit does not inherit the agent's).
    /// </summary>
    public static CommandHost OutsideSandbox { get; } = new(
        ["systemd-run", "--quiet", "--wait", "--pipe", "--collect", "--service-type=exec", "--property=Description=NodeAgent: package change"],
        transient: true);

    /// <summary>
    /// The host apt runs on: outside the sandbox when the agent is a systemd service (systemd sets
    /// <c>INVOCATION_ID</c>) and systemd-run is there, else here (a shell, a test).
    /// </summary>
    public static CommandHost ForPackages() =>
        Environment.GetEnvironmentVariable("INVOCATION_ID") is { Length: > 0 } && File.Exists("/usr/bin/systemd-run") ? OutsideSandbox : Local;

    /// <summary>
    /// A start description for <paramref name="program"/> with <paramref name="arguments"/>, output redirected, in the
    /// C.UTF-8 locale so the output the agent parses or quotes is not translated.
    /// </summary>
    internal ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = _prefix.Length > 0 ? _prefix[0] : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string part in _prefix.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["LC_ALL"] = "C.UTF-8" };
        foreach (var (name, value) in variables)
        {
            if (_transient)
            {
                start.ArgumentList.Add($"--setenv={name}={value}");
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        if (_transient)
        {
            start.ArgumentList.Add("--");
        }

        if (_prefix.Length > 0)
        {
            start.ArgumentList.Add(program);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Runs <paramref name="program"/> to its end, handing each line of its output and error streams to the callbacks
    /// (from two reader tasks: the callbacks must be thread-safe), and returns its exit code.
    /// <para>
    /// On cancellation the process tree is killed and <see cref="OperationCanceledException"/> thrown, unless
    /// <paramref name="mayKill"/> says no at that moment (dpkg is changing the system): then the run finishes and its exit
    /// code is returned; the caller sees its token cancelled.
    /// </para>
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started (not installed).</exception>
    internal async Task<int> RunAsync(
        string program,
        IEnumerable<string> arguments,
        Action<string> onOutput,
        Action<string> onError,
        CancellationToken cancellationToken,
        Func<bool>? mayKill = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfo(program, arguments, environment) };

        process.Start();
        process.StandardInput.Close();
        bool killed = false;
        using (cancellationToken.Register(() =>
        {
            if (mayKill?.Invoke() ?? true)
            {
                killed = true;
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended just now: nothing to kill.
                }
            }
        }))
        {
            Task output = PumpAsync(process.StandardOutput, onOutput);
            Task error = PumpAsync(process.StandardError, onError);
            await Task.WhenAll(output, error).ConfigureAwait(false);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (killed)
        {
            throw new OperationCanceledException($"{program} was stopped", cancellationToken);
        }

        return process.ExitCode;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }

    /// <summary>Whose command line this is, for messages: the program and its arguments.</summary>
    internal static string Describe(string program, IEnumerable<string> arguments) => string.Join(' ', [program, .. arguments]);
}
