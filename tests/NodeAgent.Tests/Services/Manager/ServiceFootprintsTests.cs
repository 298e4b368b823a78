using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Services.Manager;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>
/// Footprints through the real history (recorder and LiteDB store): what goes in with each sample, the CPU share
/// between two measurements, and the peak of the last day read back after an agent restart.
/// </summary>
public sealed class ServiceFootprintsTests : IDisposable
{
    private const long Mebibyte = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-footprints-").FullName;
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceFootprints Footprints(HistoryRecorder history) =>
        new((metric, since) => history.Query(HistoryResolution.Fine, metric, HistoryResolution.Fine.BucketOf(since)) is { Count: > 0 } points
            ? points.Max(p => p.Value) : null, _time);

    /// <summary>One resource sample: the footprints' numbers go into the history as the monitor would put them.</summary>
    private void Sample(HistoryRecorder history, ServiceFootprints footprints)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        footprints.AddTo(values);
        history.Record(_time.GetUtcNow().ToUnixTimeSeconds(), values);
    }

    [Fact]
    public void MeasurementsGoIntoTheHistoryAndThePeakOfTheLastDayOutlivesARestart()
    {
        using (var store = NodeStore.Open(_dir))
        {
            var history = new HistoryRecorder(new HistoryStore(store), NullLogger<HistoryRecorder>.Instance);
            var footprints = Footprints(history);
            Assert.Null(footprints.PeakMb("sync"));

            footprints.Measured("sync", 200 * Mebibyte, 1_000_000_000);
            Sample(history, footprints);
            _time.Advance(TimeSpan.FromSeconds(30));
            footprints.Measured("sync", 90 * Mebibyte, 4_000_000_000); // 3 s of CPU in 30 s: 10 % of one core
            Sample(history, footprints);
            Assert.Equal(10.0, footprints.CpuPercent("sync"));
            Assert.Equal(90, footprints.CurrentMb("sync"));
            Assert.Equal(200, footprints.PeakMb("sync"));

            footprints.Stopped("sync");
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            footprints.AddTo(values);
            Assert.Empty(values); // a stopped service adds nothing to the history
            Assert.Null(footprints.CurrentMb("sync"));
            Assert.Equal(200, footprints.PeakMb("sync"));

            _time.Advance(TimeSpan.FromMinutes(2));
            Assert.True(history.Flush(_time.GetUtcNow().ToUnixTimeSeconds(), final: true));
            Assert.Equal([(Start.ToUnixTimeSeconds(), 145.0 * Mebibyte)], // one minute: the average of 200 and 90 MB
                history.Query(HistoryResolution.Fine, ServiceFootprints.MemoryMetric("sync"), 0));
        }

        // The agent restarts: the peak comes back from the store (the minute's average, 145 MB), not from memory.
        using (var store = NodeStore.Open(_dir))
        {
            var history = new HistoryRecorder(new HistoryStore(store), NullLogger<HistoryRecorder>.Instance);
            var footprints = Footprints(history);
            Assert.Equal(145, footprints.PeakMb("sync"));
            Assert.Null(footprints.PeakMb("other"));

            // A day later that minute has left the window; the peak is read again within the hour.
            _time.Advance(ServiceFootprints.Window + ServiceFootprints.PeakRefresh);
            Assert.Null(footprints.PeakMb("sync"));
        }
    }
}
