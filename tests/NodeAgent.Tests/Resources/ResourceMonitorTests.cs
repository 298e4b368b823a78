using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Hosting;
using NodeAgent.Resources;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Resources;

/// <summary>
/// The monitor against this machine's /proc and /sys: the sampler is not thread-safe (one draft, parser state), so
/// callers that ask before the first sample, and the loop's own first sample, must not sample at the same time.
/// Before this was serialised, the fit check at start-up could read a snapshot whose filesystems the other sample
/// had just reset, and refuse an install with "0 MB free on the root filesystem".
/// </summary>
public sealed class ResourceMonitorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-monitor-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CallersBeforeTheFirstSampleGetOneWholeSampleTakenOnceAtATime()
    {
        using var store = NodeStore.Open(_dir);
        var time = TimeProvider.System;
        var events = new EventLog(store, time, 100);
        var options = new AgentOptions { NodeName = "monitor", DataDir = _dir, SocketPath = Path.Combine(_dir, "s.sock"), SampleInterval = TimeSpan.FromHours(1) };
        var node = new NodeContext(options, NodeIdentity.LoadOrCreate(store, time), new SettingsStore(store, events), time);
        var sampler = new OneAtATime(new ResourceSampler(new HostRoot("/"), time));
        var monitor = new ResourceMonitor(sampler, new HistoryRecorder(new HistoryStore(store), NullLogger<HistoryRecorder>.Instance),
            [], node, NullLogger<ResourceMonitor>.Instance);

        // Threads of their own, as requests on Kestrel's threads would be (the pool here may have one thread free).
        using var go = new ManualResetEventSlim();
        var snapshots = new ResourceSnapshot[8];
        var callers = Enumerable.Range(0, snapshots.Length).Select(i => new Thread(() =>
        {
            go.Wait();
            snapshots[i] = monitor.Latest;
        })).ToArray();
        Array.ForEach(callers, t => t.Start());
        await monitor.StartAsync(CancellationToken.None); // the loop's first sample races the callers
        go.Set();
        Array.ForEach(callers, t => t.Join());
        await monitor.StopAsync(CancellationToken.None);

        Assert.Equal(1, sampler.MostAtOnce);
        Assert.All(snapshots, s => Assert.Contains(s.FileSystems, f => f.MountPoint == "/" && f.AvailableBytes > 0));
        Assert.All(snapshots, s => Assert.NotNull(s.Memory));
        // Callers that came while the first sample was being taken waited for it instead of taking their own.
        Assert.True(sampler.Samples <= 2, $"{sampler.Samples} samples for 8 callers and the loop");
    }

    /// <summary>The real sampler, counting how many samples overlap (each is held a little so that overlaps show).</summary>
    private sealed class OneAtATime(IResourceSampler inner) : IResourceSampler
    {
        private int _inside;

        public int MostAtOnce { get; private set; }

        public int Samples { get; private set; }

        public ResourceSnapshot Sample()
        {
            var now = Interlocked.Increment(ref _inside);
            lock (this)
            {
                MostAtOnce = Math.Max(MostAtOnce, now);
                Samples++;
            }

            Thread.Sleep(50);
            var snapshot = inner.Sample();
            Interlocked.Decrement(ref _inside);
            return snapshot;
        }
    }
}
