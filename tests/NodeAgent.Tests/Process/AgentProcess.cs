using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NodeAgent.Cli;

namespace NodeAgent.Tests.Process;

/// <summary>
/// Runs the published NativeAOT <c>nodeagent</c> binary (the thing that ships) as a child process
/// with its own data directory, loopback port and socket.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(System.Diagnostics.Process process, string dataDir, int port)
    {
        _process = process;
        DataDir = dataDir;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The published binary: NODEAGENT_BIN (set by tests/run.sh), else the default publish folder.</summary>
    public static string Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("NODEAGENT_BIN");
            if (string.IsNullOrEmpty(path))
            {
                var dir = AppContext.BaseDirectory;
                while (dir is not null && !File.Exists(Path.Combine(dir, "NodeAgent.sln")))
                {
                    dir = Path.GetDirectoryName(dir);
                }
                path = Path.Combine(dir ?? ".", "artifacts", "publish", "linux-x64", "nodeagent");
            }
            return File.Exists(path) ? path
                : throw new FileNotFoundException($"the published agent is not at {path}: run tests/run.sh, which publishes it before testing", path);
        }
    }

    public string DataDir { get; }

    public int Port { get; }

    public string SocketPath => Path.Combine(DataDir, "nodeagent.sock");

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public AgentClient Client() => new(SocketPath);

    /// <summary>An HTTP client over the agent's Unix socket: the local owner's door, where changes need no session.</summary>
    public HttpClient SocketHttp() => OverSocket(SocketPath);

    /// <summary>An HTTP client over the Unix socket at <paramref name="path"/>.</summary>
    public static HttpClient OverSocket(string path) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://nodeagent/") };

    /// <summary>Starts the agent and waits until /healthz answers 200.</summary>
    /// <remarks>The free port is found by binding and releasing it; a parallel test may take it first, so a start that
    /// fails for that reason is retried on another port.</remarks>
    public static async Task<AgentProcess> StartAsync(string dataDir, IDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var agent = Launch(dataDir, environment, extraArgs);
            try
            {
                await agent.WaitHealthyAsync().ConfigureAwait(false);
                return agent;
            }
            catch (InvalidOperationException) when (attempt < 4 && agent.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await agent.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the agent without waiting for it.</summary>
    public static AgentProcess Launch(string dataDir, IDictionary<string, string>? environment, params string[] extraArgs)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["run", "--data", dataDir, "--urls", $"http://127.0.0.1:{port}", .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }
        // Fast sampling so tests see history and liveness within seconds.
        info.Environment["NODEAGENT__RESOURCES__SAMPLESECONDS"] = "1";
        info.Environment["NODEAGENT__HISTORY__FLUSHMINUTES"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return new AgentProcess(System.Diagnostics.Process.Start(info)!, dataDir, port);
    }

    public async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the agent exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync("healthz").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException($"the agent did not become healthy:\n{Output}");
    }

    /// <summary>
    /// The event log, newest first, once it holds at least <paramref name="count"/> events of <paramref name="kind"/>:
    /// start events are written just after the API comes up.
    /// </summary>
    public async Task<List<System.Text.Json.JsonElement>> WaitForEventsAsync(string kind, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var page = System.Text.Json.JsonDocument.Parse(await Http.GetStringAsync("api/v1/events").ConfigureAwait(false));
            var events = page.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
            if (events.Count(e => e.GetProperty("kind").GetString() == kind) >= count || DateTime.UtcNow > deadline)
            {
                return events;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM, as systemd stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        return await WaitExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, like a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async Task<int> WaitExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }
        _process.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
