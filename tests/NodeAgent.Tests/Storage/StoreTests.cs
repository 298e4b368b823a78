using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Storage;

public sealed class StoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-store-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void IdentityIsCreatedOnceAndSurvivesReopening()
    {
        string id;
        using (var store = NodeStore.Open(_dir))
        {
            id = NodeIdentity.LoadOrCreate(store, _time).Id;
            Assert.Equal(id, NodeIdentity.LoadOrCreate(store, _time).Id);
        }
        using (var store = NodeStore.Open(_dir))
        {
            Assert.Equal(id, NodeIdentity.LoadOrCreate(store, _time).Id);
        }
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public void EventLogKeepsTheNewestAndPagesBackwards()
    {
        using var store = NodeStore.Open(_dir);
        var log = new EventLog(store, _time, maxEvents: 10);
        for (var i = 1; i <= 25; i++)
        {
            log.Append("test.event", EventSeverity.Info, $"event {i}");
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var newest = log.List(100, null);
        Assert.Equal(10, newest.Count);
        Assert.Equal("event 25", newest[0].Message);
        Assert.Equal("event 16", newest[^1].Message);
        var page = log.List(3, beforeId: newest[2].Id);
        Assert.Equal(["event 22", "event 21", "event 20"], page.Select(e => e.Message));
        Assert.Equal(25, log.Appended);
    }

    [Fact]
    public void SettingsAndTheirEventLandTogetherAndSurviveReopening()
    {
        using (var store = NodeStore.Open(_dir))
        {
            var log = new EventLog(store, _time, 100);
            var settings = new SettingsStore(store, log);
            var saved = settings.Save(settings.Read(), new SavedSettings("owl", null));
            saved = settings.Save(saved, saved with { Community = "guifi-bcn" });
            Assert.Same(saved, settings.Save(saved, new SavedSettings("owl", "guifi-bcn")));
            Assert.Equal(2, log.List(10, null).Count);
        }
        using (var store = NodeStore.Open(_dir))
        {
            var log = new EventLog(store, _time, 100);
            Assert.Equal(new SavedSettings("owl", "guifi-bcn"), new SettingsStore(store, log).Read());
            Assert.Equal("Settings changed: community '' → 'guifi-bcn'", log.List(1, null)[0].Message);
        }
    }

    [Fact]
    public void FactoryResetForgetsSavedSettingsButKeepsIdentityAndEvents()
    {
        using var store = NodeStore.Open(_dir);
        var id = NodeIdentity.LoadOrCreate(store, _time).Id;
        var log = new EventLog(store, _time, 100);
        var settings = new SettingsStore(store, log);
        settings.Save(settings.Read(), new SavedSettings("owl", "guifi-bcn"));

        Assert.Equal(new SavedSettings(null, null), settings.Reset("button held"));
        Assert.Equal(new SavedSettings(null, null), settings.Read());
        Assert.Equal(id, NodeIdentity.LoadOrCreate(store, _time).Id);
        var events = log.List(10, null);
        Assert.Equal(["node.factory-reset", "settings.changed"], events.Select(e => e.Kind));
        Assert.Equal(EventSeverity.Warning, events[0].Severity);
    }
}
