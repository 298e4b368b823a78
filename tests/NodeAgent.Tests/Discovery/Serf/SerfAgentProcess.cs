using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// One real <c>serf agent</c> (Debian's package) on its own loopback address 127.0.77.N, with free gossip and
/// RPC ports. Stopped with SIGTERM (no leave: the cluster sees it fail), SIGKILL if it lingers. Every agent
/// started is also killed when the test process exits, so a crashed test leaves no agents behind.
/// </summary>
internal sealed class SerfAgentProcess : IAsyncDisposable
{
    public const string SerfBinary = "/usr/bin/serf";
    private static readonly HashSet<System.Diagnostics.Process> Live = [];
    private static int _nextHost = Random.Shared.Next(0, 200);

    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    static SerfAgentProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private SerfAgentProcess(string name, IPAddress address, int gossipPort, int rpcPort, System.Diagnostics.Process process)
    {
        Name = name;
        Address = address;
        GossipPort = gossipPort;
        RpcEndpoint = new IPEndPoint(address, rpcPort);
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int GossipPort { get; }

    /// <summary>"127.0.77.N:port", what <c>-join</c> and <c>join</c> take.</summary>
    public string GossipAddress => $"{Address}:{GossipPort}";

    public IPEndPoint RpcEndpoint { get; }

    public bool HasExited => _process.HasExited;

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

    /// <summary>A loopback address not yet used by this test run (127.0.77.1 .. 127.0.77.250, then again).</summary>
    public static IPAddress NextAddress() => IPAddress.Parse($"127.0.77.{(Interlocked.Increment(ref _nextHost) % 250) + 1}");

    /// <summary>Starts an agent and waits until its RPC port accepts connections.</summary>
    /// <remarks>
    /// A free port is found by binding and releasing it, so another test running in parallel can take it
    /// before serf binds it; loopback addresses also come round again after 250 agents. When the caller
    /// fixed neither address nor ports, such a collision is retried on a fresh address and ports.
    /// </remarks>
    /// <param name="netns">Run it inside this network namespace (<c>ip netns exec</c>); then give the address and ports.</param>
    /// <param name="configFile">A serf JSON configuration file to read as well.</param>
    public static async Task<SerfAgentProcess> StartAsync(
        string name, string? join = null, IReadOnlyDictionary<string, string>? tags = null, IPAddress? address = null, int? gossipPort = null, int? rpcPort = null,
        string? netns = null, string? configFile = null)
    {
        var retry = address is null && gossipPort is null && rpcPort is null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(name, join, tags, address, gossipPort, rpcPort, netns, configFile).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (retry && attempt < 4 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                // Taken between probing and binding: try elsewhere.
            }
        }
    }

    private static async Task<SerfAgentProcess> StartOnceAsync(
        string name, string? join, IReadOnlyDictionary<string, string>? tags, IPAddress? address, int? gossipPort, int? rpcPort, string? netns, string? configFile)
    {
        if (!File.Exists(SerfBinary))
        {
            throw new InvalidOperationException($"{SerfBinary} is missing: install it with `apt-get install -y serf` (tests/scripts/deps.sh)");
        }
        address ??= NextAddress();
        var gossip = gossipPort ?? FreePort(address, udpToo: true);
        var rpc = rpcPort ?? FreePort(address, udpToo: false);
        var start = new ProcessStartInfo(netns is null ? SerfBinary : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            // ip execs serf in the namespace: the pid is serf's, so SIGTERM reaches it.
            foreach (var argument in new[] { "netns", "exec", netns, SerfBinary })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in new[]
                 {
                     "agent", $"-node={name}", $"-bind={address}:{gossip}", $"-rpc-addr={address}:{rpc}", "-profile=lan", "-log-level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        if (join is not null)
        {
            start.ArgumentList.Add($"-join={join}");
        }
        if (configFile is not null)
        {
            start.ArgumentList.Add($"-config-file={configFile}");
        }
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add("-tag");
            start.ArgumentList.Add($"{key}={value}");
        }
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("serf agent did not start");
        lock (Live)
        {
            Live.Add(process);
        }
        var agent = new SerfAgentProcess(name, address, gossip, rpc, process);
        try
        {
            await agent.WaitForRpcAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch
        {
            await agent.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return agent;
    }

    private async Task WaitForRpcAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"serf agent {Name} exited with {_process.ExitCode}: {Output}");
            }
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(RpcEndpoint).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(25).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts a new agent with this one's name, address and ports (after <see cref="StopAsync"/>), joining <paramref name="join"/>.</summary>
    public Task<SerfAgentProcess> RestartAsync(string? join) =>
        StartAsync(Name, join, address: Address, gossipPort: GossipPort, rpcPort: RpcEndpoint.Port);

    /// <summary>SIGTERM: the agent stops without leaving, so the others detect a failure (≈6 s with the lan profile).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (Live)
        {
            Live.Remove(_process);
        }
        _process.Dispose();
    }

    private static void KillAll()
    {
        lock (Live)
        {
            foreach (var process in Live)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            Live.Clear();
        }
    }

    /// <summary>A port free on <paramref name="address"/> for TCP (and UDP: Serf gossips on both).</summary>
    private static int FreePort(IPAddress address, bool udpToo)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var tcp = new TcpListener(address, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            tcp.Stop();
            if (!udpToo)
            {
                return port;
            }
            try
            {
                using var udp = new UdpClient(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Free for TCP but taken for UDP: try another port.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
