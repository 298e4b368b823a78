using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeAgent.Services;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services;

/// <summary>
/// A real Debian bookworm system booted with <c>systemd-nspawn -b</c>: systemd as its PID 1, its own system bus,
/// no network (<c>--private-network</c>). The rootfs is built once by <c>tests/scripts/nspawn-rootfs.sh</c> and cached;
/// each container boots from an overlay on it, so nothing a test does reaches the cache, and the overlay is thrown away.
/// <para>
/// The tests reach inside from the host: the D-Bus client connects to the container's bus socket through
/// <c>/proc/PID/root</c> (<see cref="Options"/>), and programs run in its namespaces with <c>nsenter</c>
/// (<see cref="Commands"/>). Needs root, systemd-container and mmdebstrap (tests/scripts/deps.sh).
/// </para>
/// </summary>
internal sealed class NspawnContainer : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly HashSet<NspawnContainer> Live = [];

    private readonly System.Diagnostics.Process _nspawn;
    private readonly string _directory;
    private readonly string _merged;
    private readonly StringBuilder _console = new();

    static NspawnContainer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        NspawnContainer[] left;
        lock (Live)
        {
            left = [.. Live];
        }

        foreach (var container in left)
        {
            container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    };

    private NspawnContainer(System.Diagnostics.Process nspawn, string directory, string merged)
    {
        _nspawn = nspawn;
        _directory = directory;
        _merged = merged;
        nspawn.OutputDataReceived += (_, e) => AppendConsole(e.Data);
        nspawn.ErrorDataReceived += (_, e) => AppendConsole(e.Data);
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();
    }

    /// <summary>The container's systemd, as the host sees its pid.</summary>
    public int Pid { get; private set; }

    /// <summary>From starting systemd-nspawn to <c>systemctl is-system-running</c> saying running or degraded.</summary>
    public TimeSpan BootTime { get; private set; }

    /// <summary>The container's root as the host can reach it (its mounts included: /run, /proc).</summary>
    public string Root => $"/proc/{Pid}/root";

    public SystemdOptions Options => new() { Root = Root, JobTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>Runs programs inside the container: its mount, UTS, IPC, network and PID namespaces.</summary>
    public CommandHost Commands => new(["nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-m", "-u", "-i", "-n", "-p", "--"]);

    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    public static async Task<NspawnContainer> BootAsync()
    {
        string rootfs = await NspawnRootfs.PathAsync().ConfigureAwait(false);
        string directory = Directory.CreateTempSubdirectory("nodeagent-nspawn-").FullName;
        string merged = Path.Join(directory, "merged");
        foreach (string sub in new[] { "upper", "work", "merged" })
        {
            Directory.CreateDirectory(Path.Join(directory, sub));
        }

        await RunHostAsync("mount", "-t", "overlay", "overlay", "-o",
            $"lowerdir={rootfs},upperdir={Path.Join(directory, "upper")},workdir={Path.Join(directory, "work")}", merged).ConfigureAwait(false);

        var started = Stopwatch.StartNew();
        var start = new ProcessStartInfo("systemd-nspawn")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-D", merged, "--register=no", "--keep-unit", "--private-network", "-M", "natest", "-b" })
        {
            start.ArgumentList.Add(arg);
        }

        var container = new NspawnContainer(System.Diagnostics.Process.Start(start)!, directory, merged);
        lock (Live)
        {
            Live.Add(container);
        }

        try
        {
            await container.WaitForBootAsync().ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        container.BootTime = started.Elapsed;
        return container;
    }

    /// <summary>Runs a program inside the container and returns its exit code and output (stdout and stderr together).</summary>
    public async Task<(int ExitCode, string Output)> ExecAsync(params string[] command)
    {
        var output = new StringBuilder();
        int exit = await Commands.RunAsync(command[0], command[1..],
            line => { lock (output) { output.AppendLine(line); } },
            line => { lock (output) { output.AppendLine(line); } },
            CancellationToken.None).ConfigureAwait(false);
        return (exit, output.ToString());
    }

    /// <summary>Writes a file inside the container (e.g. a unit file under /etc/systemd/system).</summary>
    public void WriteFile(string path, string content)
    {
        string full = Path.Join(Root, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public bool FileExists(string path) => File.Exists(Path.Join(Root, path.TrimStart('/')));

    public async ValueTask DisposeAsync()
    {
        lock (Live)
        {
            if (!Live.Remove(this))
            {
                return;
            }
        }

        // SIGTERM makes nspawn shut the container's systemd down in order (≈2 s); SIGKILL what is left after 15 s.
        if (!_nspawn.HasExited)
        {
            await RunHostAsync("kill", "-TERM", _nspawn.Id.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _nspawn.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _nspawn.Kill(entireProcessTree: true);
                await _nspawn.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _nspawn.Dispose();
        try
        {
            await RunHostAsync("umount", _merged).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            await RunHostAsync("umount", "-l", _merged).ConfigureAwait(false);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitForBootAsync()
    {
        var deadline = Stopwatch.StartNew();
        string state = "";
        while (deadline.Elapsed < BootTimeout)
        {
            if (_nspawn.HasExited)
            {
                throw new InvalidOperationException($"systemd-nspawn exited with {_nspawn.ExitCode} while booting:\n{Console}");
            }

            Pid = Pid != 0 ? Pid : FindContainerInit(_nspawn.Id);
            if (Pid != 0)
            {
                (int _, string output) = await ExecAsync("systemctl", "is-system-running").ConfigureAwait(false);
                state = output.Trim();
                if (state is "running" or "degraded")
                {
                    return;
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"the container did not finish booting within {BootTimeout.TotalSeconds:0} s (last state '{state}'):\n{Console}");
    }

    /// <summary>The container's PID 1 as the host sees it: the child of systemd-nspawn (its only one, once booted).</summary>
    private static int FindContainerInit(int nspawnPid)
    {
        foreach (string task in Directory.EnumerateDirectories($"/proc/{nspawnPid}/task"))
        {
            string children = File.ReadAllText(Path.Join(task, "children")).Trim();
            foreach (string child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string comm = File.ReadAllText($"/proc/{child}/comm").Trim();
                if (comm == "systemd")
                {
                    return int.Parse(child, CultureInfo.InvariantCulture);
                }
            }
        }

        return 0;
    }

    private static async Task RunHostAsync(string program, params string[] arguments)
    {
        var output = new StringBuilder();
        int exit = await CommandHost.Local.RunAsync(program, arguments, l => output.AppendLine(l), l => output.AppendLine(l), CancellationToken.None).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exit}): {output}");
        }
    }

    private void AppendConsole(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_console)
        {
            _console.AppendLine(line);
        }
    }
}
