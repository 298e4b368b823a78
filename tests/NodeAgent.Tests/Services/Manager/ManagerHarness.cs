using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Fit;
using NodeAgent.Services.Manager;
using NodeAgent.Services.Packages;
using NodeAgent.Services.Pressure;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>A service manager whose systemd, apt, dpkg, programs and probe sockets are the booted container's.</summary>
internal sealed class ManagerHarness : IAsyncDisposable
{
    private ManagerHarness(ServiceManager manager, ConcurrentQueue<AgentEvent> events)
    {
        Manager = manager;
        Events = events;
    }

    public ServiceManager Manager { get; }

    public ConcurrentQueue<AgentEvent> Events { get; }

    /// <summary>What the fit check sees; a test may change it.</summary>
    public NodeFacts Node { get; set; } = new(BoardArch.Amd64, 4096, 3000, 20000, 4);

    public static Task<ManagerHarness> StartAsync(NspawnContainer container, params string[] manifests) => StartAsync(container, null, null, manifests);

    public static Task<ManagerHarness> StartAsync(NspawnContainer container, ShedThresholds thresholds, params string[] manifests) => StartAsync(container, thresholds, null, manifests);

    /// <param name="backoff">The wait after each start-limit hit, instead of minutes.</param>
    public static Task<ManagerHarness> StartAsync(NspawnContainer container, TimeSpan backoff, params string[] manifests) => StartAsync(container, null, backoff, manifests);

    /// <param name="footprints">Where the manager records what its running services use.</param>
    public static Task<ManagerHarness> StartAsync(NspawnContainer container, ServiceFootprints footprints, params string[] manifests) => StartAsync(container, null, null, manifests, footprints);

    private static async Task<ManagerHarness> StartAsync(NspawnContainer container, ShedThresholds? thresholds, TimeSpan? backoff, string[] manifests, ServiceFootprints? footprints = null)
    {
        var catalogue = ServiceCatalogue.Load(manifests.Select((json, i) => new JsonFile($"test:{i}.json", $"{IdOf(json)}.json", json)));
        Assert.Empty(catalogue.Errors.SelectMany(e => e.Problems.Select(p => $"{e.Origin}: {p}")));
        var system = new ManagedSystem(
            async ct => await SystemdClient.ConnectAsync(container.Options, cancellationToken: ct),
            new AptInstaller(container.Commands, NullLogger<AptInstaller>.Instance),
            new DpkgStatus(container.Commands),
            container.Commands,
            new ContainerProbeNetwork(container.Pid));
        var events = new ConcurrentQueue<AgentEvent>();
        ManagerHarness? harness = null;
        var manager = new ServiceManager(catalogue, system, () => harness!.Node,
            (kind, severity, message) => events.Enqueue(new AgentEvent(events.Count + 1, DateTimeOffset.UtcNow, kind, severity, message)),
            TimeProvider.System, NullLogger.Instance)
        {
            Thresholds = thresholds,
            BackoffDelay = backoff is { } wait ? _ => wait : NodeAgent.Services.Limits.RestartBackoff.DelayAfter,
            Footprints = footprints,
        };
        harness = new ManagerHarness(manager, events);
        await manager.StartAsync(CancellationToken.None);
        Assert.Null(manager.Unavailable);
        return harness;
    }

    /// <summary>Waits until the service is in <paramref name="state"/>; fails with its last state and the events.</summary>
    public async Task<ServiceSnapshot> WaitForAsync(string id, ServiceState state, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var now = Manager.Find(id)!;
            if (now.State == state && !now.Busy)
            {
                return now;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{id} did not become {ServiceStates.Name(state)}: it is {ServiceStates.Name(now.State)} ({now.Detail}); events: {string.Join(" | ", Events.Select(e => e.Message))}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The transitions of one service, "from → to", in order.</summary>
    public List<string> Transitions(string id) => [.. Events
        .Where(e => e.Kind.StartsWith("service.", StringComparison.Ordinal) && e.Message.StartsWith(id + ": ", StringComparison.Ordinal) && e.Message.Contains('→', StringComparison.Ordinal))
        .Select(e => string.Join(" → ", e.Message[(id.Length + 2)..].Split(": ")[0].Split(" → ")))];

    public async ValueTask DisposeAsync() => await Manager.DisposeAsync();

    private static string IdOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
}
