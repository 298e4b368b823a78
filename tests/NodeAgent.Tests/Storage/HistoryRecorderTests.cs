using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Storage;

public sealed class HistoryRecorderTests : IDisposable
{
    private const long T0 = 1_795_000_000 - (1_795_000_000 % 900); // a quarter-hour boundary
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, double> Values(double cpu) => new() { ["cpu.usage"] = cpu };

    [Fact]
    public void SamplesAreAveragedPerMinuteAndWrittenOnlyOnFlush()
    {
        using var store = NodeStore.Open(_dir);
        var history = new HistoryStore(store);
        var recorder = new HistoryRecorder(history, NullLogger<HistoryRecorder>.Instance);
        // minute 0: 10, 20, 30 -> 20; minute 1: 40 -> 40; minute 2 still open (50)
        recorder.Record(T0 + 0, Values(10));
        recorder.Record(T0 + 20, Values(20));
        recorder.Record(T0 + 40, Values(30));
        recorder.Record(T0 + 60, Values(40));
        recorder.Record(T0 + 120, Values(50));
        var writesBefore = store.Writes;

        Assert.Equal([(T0, 20.0), (T0 + 60, 40.0)], recorder.Query(HistoryResolution.Fine, "cpu.usage", T0));
        Assert.Equal(writesBefore, store.Writes);

        Assert.True(recorder.Flush(T0 + 130));
        Assert.Equal(writesBefore + 1, store.Writes);
        var onDisk = new List<(long, double)>();
        history.Read(HistoryResolution.Fine, "cpu.usage", T0, onDisk);
        Assert.Equal([(T0, 20.0), (T0 + 60, 40.0)], onDisk);

        // At shutdown the open minute is written too.
        Assert.True(recorder.Flush(T0 + 130, final: true));
        Assert.Equal([(T0, 20.0), (T0 + 60, 40.0), (T0 + 120, 50.0)], recorder.Query(HistoryResolution.Fine, "cpu.usage", T0));
    }

    [Fact]
    public void QuarterHoursAverageTheirMinutesAndOldBucketsArePruned()
    {
        using var store = NodeStore.Open(_dir);
        var history = new HistoryStore(store);
        var recorder = new HistoryRecorder(history, NullLogger<HistoryRecorder>.Instance);
        for (var minute = 0; minute <= 15; minute++)
        {
            recorder.Record(T0 + (minute * 60), Values(minute < 15 ? minute : 100));
        }
        recorder.Record(T0 + (16 * 60), Values(0)); // closes minute 15
        Assert.True(recorder.Flush(T0 + (16 * 60)));
        Assert.Equal([(T0, 7.0)], recorder.Query(HistoryResolution.Coarse, "cpu.usage", T0));

        // Two days later the minutes are past their one-day retention; the quarter hour stays for a month.
        recorder.Record(T0 + (2 * 86400), Values(1));
        recorder.Record(T0 + (2 * 86400) + 60, Values(1));
        Assert.True(recorder.Flush(T0 + (2 * 86400) + 60));
        var fine = new List<(long, double)>();
        history.Read(HistoryResolution.Fine, "cpu.usage", 0, fine);
        Assert.Equal([(T0 + (2 * 86400), 1.0)], fine);
        var coarse = new List<(long, double)>();
        history.Read(HistoryResolution.Coarse, "cpu.usage", 0, coarse);
        Assert.Contains((T0, 7.0), coarse);
    }
}
