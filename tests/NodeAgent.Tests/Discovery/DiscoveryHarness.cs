using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery;

/// <summary>A <see cref="DiscoveryService"/> as the host runs it, against one Serf agent's RPC address.</summary>
internal sealed class DiscoveryHarness : IAsyncDisposable
{
    private DiscoveryHarness(IPEndPoint rpc, MutableServiceSource source, string community)
    {
        Source = source;
        View = new CloudView(TimeProvider.System, NullLogger<CloudView>.Instance);
        Status = new DiscoveryStatus(TimeProvider.System, (kind, _, message) =>
        {
            lock (Events)
            {
                Events.Add((kind, message));
            }
        });
        var options = new SerfDiscoveryOptions { RpcAddress = rpc };
        Service = new DiscoveryService(
            options, () => new LocalNode(NodeId, community), source, () => null, View, Status,
            async ct =>
            {
                var client = new CountingSerfClient(await SerfRpcClient.ConnectAsync(rpc, cancellationToken: ct));
                Interlocked.Exchange(ref _client, client);
                return client;
            },
            new DiscoveryTimings(),
            TimeProvider.System, NullLogger<DiscoveryService>.Instance);
    }

    private CountingSerfClient? _client;

    public string NodeId { get; } = RecordPublisher.NewNodeId();

    /// <summary>Queries made on the current connection: the node each asked, "*" for all.</summary>
    public List<string> Queried
    {
        get
        {
            var client = Volatile.Read(ref _client);
            if (client is null)
            {
                return [];
            }
            lock (client.Queried)
            {
                return [.. client.Queried];
            }
        }
    }

    /// <summary>Member-list reads on the current connection.</summary>
    public int MemberReads => Volatile.Read(ref _client)?.MemberReads ?? 0;

    public MutableServiceSource Source { get; }

    public CloudView View { get; }

    public DiscoveryStatus Status { get; }

    public DiscoveryService Service { get; }

    public List<(string Kind, string Message)> Events { get; } = [];

    public static async Task<DiscoveryHarness> StartAsync(IPEndPoint rpc, IReadOnlyList<LocalService>? services = null, string community = "")
    {
        var harness = new DiscoveryHarness(rpc, new MutableServiceSource(services ?? []), community);
        await harness.Service.StartAsync(CancellationToken.None);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        // Bounded: a service that does not stop fails the test instead of hanging the run.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Service.StopAsync(limit.Token);
        Assert.True(Service.ExecuteTask!.IsCompleted, "the discovery service did not stop within 10 s");
        Service.Dispose();
    }

    public static LocalService Svc(string type, string name, int port, params (string Key, string Value)[] fields) =>
        new(type, name, port, new SortedDictionary<string, string>(fields.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal));

    /// <summary>Polls <paramref name="condition"/> every 20 ms; returns how long it took, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds} s");
            }
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }
}
