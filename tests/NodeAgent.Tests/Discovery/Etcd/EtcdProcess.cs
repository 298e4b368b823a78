using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>
/// One real etcd member (Debian's etcd-server, 3.4) on 127.0.0.1 with free client and peer ports and a data
/// directory of its own under /tmp, removed on dispose. Killed with SIGKILL (a crash, as a power cut would);
/// every member started is also killed when the test process exits, so a crashed test leaves none behind.
/// </summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    public const string EtcdBinary = "/usr/bin/etcd";
    private static readonly HashSet<System.Diagnostics.Process> Live = [];
    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private System.Diagnostics.Process _process;

    static EtcdProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private EtcdProcess(string name, int clientPort, int peerPort, string dataDir, ProcessStartInfo start)
    {
        Name = name;
        ClientUrl = $"http://127.0.0.1:{clientPort}";
        PeerUrl = $"http://127.0.0.1:{peerPort}";
        DataDir = dataDir;
        _start = start;
        _process = Launch(start);
    }

    private System.Diagnostics.Process Launch(ProcessStartInfo start)
    {
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("etcd did not start");
        lock (Live)
        {
            Live.Add(process);
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts the member again after <see cref="KillAsync"/>: same name, ports and data (etcd back from a crash).</summary>
    public async Task RestartAsync(TimeSpan timeout)
    {
        await KillAsync();
        lock (Live)
        {
            Live.Remove(_process);
        }
        _process.Dispose();
        _process = Launch(_start);
        await WaitHealthyAsync(timeout);
    }

    public string Name { get; }

    public string ClientUrl { get; }

    public string PeerUrl { get; }

    public string DataDir { get; }

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

    /// <summary>Ports for <paramref name="count"/> members (client, peer), all free at once so none is handed out twice.</summary>
    public static (int Client, int Peer)[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count * 2).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return [.. Enumerable.Range(0, count).Select(i => (ports[2 * i], ports[(2 * i) + 1]))];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Starts a member of the cluster <paramref name="initialCluster"/> ("s0=http://127.0.0.1:P,…"); does not wait for it.</summary>
    public static EtcdProcess Start(string name, int clientPort, int peerPort, string initialCluster, string clusterToken)
    {
        if (!File.Exists(EtcdBinary))
        {
            throw new InvalidOperationException($"{EtcdBinary} is missing: install it with `apt-get install -y etcd-server` (tests/scripts/deps.sh)");
        }
        var dataDir = Path.Combine(Path.GetTempPath(), $"nodeagent-etcd-{name}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(EtcdBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var client = $"http://127.0.0.1:{clientPort}";
        var peer = $"http://127.0.0.1:{peerPort}";
        foreach (var argument in new[]
                 {
                     "--name", name, "--data-dir", dataDir,
                     "--listen-client-urls", client, "--advertise-client-urls", client,
                     "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                     "--initial-cluster", initialCluster, "--initial-cluster-token", clusterToken, "--initial-cluster-state", "new",
                     // Small and quick: a 16 MB backend quota, few entries before a snapshot, and a fast election
                     // (loopback has no latency) so losing the leader costs about a second instead of several.
                     "--quota-backend-bytes", "16777216", "--snapshot-count", "1000",
                     "--heartbeat-interval", "50", "--election-timeout", "500",
                     "--logger", "zap", "--log-level", "warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        return new EtcdProcess(name, clientPort, peerPort, dataDir, start);
    }

    /// <summary>A one-member cluster, healthy.</summary>
    /// <remarks>
    /// The free ports are found by binding and releasing them, so a test running in parallel can take one before
    /// etcd binds it: such a start is retried on fresh ports, as the Serf and agent fixtures do.
    /// </remarks>
    public static async Task<EtcdProcess> StartSingleAsync(string name = "s1")
    {
        for (var attempt = 1; ; attempt++)
        {
            var (client, peer) = FreePorts(1)[0];
            var member = Start(name, client, peer, $"{name}=http://127.0.0.1:{peer}", $"t-{Guid.NewGuid():N}");
            try
            {
                await member.WaitHealthyAsync(TimeSpan.FromSeconds(20));
                return member;
            }
            catch (Exception e) when (attempt < 4 && IsPortTaken(e, member))
            {
                await member.DisposeAsync();
            }
            catch
            {
                await member.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The member failed to start because a port it was given is in use.</summary>
    internal static bool IsPortTaken(Exception e, EtcdProcess member) =>
        e is InvalidOperationException or TimeoutException && member.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Waits until <c>/health</c> says true (the member has a leader and can serve).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new NodeAgent.Net.Http1Client(NodeAgent.Net.Http1Endpoint.Parse(ClientUrl), new NodeAgent.Net.Http1ClientOptions { RequestTimeout = TimeSpan.FromSeconds(2) });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"etcd {Name} exited with {_process.ExitCode}: {Output}");
            }
            try
            {
                var answer = await http.SendAsync("GET", "/health");
                if (answer.IsSuccess && Encoding.UTF8.GetString(answer.Body).Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (NodeAgent.Net.Http1Exception) when (deadline.Elapsed < timeout)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"etcd {Name} not healthy after {timeout}: {Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the member vanishes mid-sentence, as on a power cut.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (Live)
        {
            Live.Remove(_process);
        }
        _process.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static void KillAll()
    {
        lock (Live)
        {
            foreach (var process in Live.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
            Live.Clear();
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} at {ClientUrl}");
}
