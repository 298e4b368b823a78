using NodeAgent.Services.Pressure;

namespace NodeAgent.Tests.Services;

public class PressureShedderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // A Pi Zero 2 W: floor 32 MB, margin 32 MB, so pressure below 32 MB and calm from 64 MB.
    private readonly PressureShedder _shedder = new(ShedThresholds.For(427));

    private static readonly SheddableService Serf = new("serf", 90, 15, 24);
    private static readonly SheddableService Syncthing = new("syncthing", 50, 140, 160);
    private static readonly SheddableService Icecast = new("icecast2", 30, 20, 24);
    private static readonly SheddableService Prometheus = new("prometheus", 20, 150, 160);
    private static readonly SheddableService[] All = [Serf, Syncthing, Icecast, Prometheus];

    private static PressureReading Calm(int availableMb = 300) => new(availableMb, 0.1, 0);

    private ShedDecision At(double seconds, PressureReading reading, IReadOnlyList<SheddableService>? running = null) =>
        _shedder.Evaluate(T0.AddSeconds(seconds), reading, (running ?? All).Where(s => !_shedder.ShedIds.Contains(s.Id)).ToList());

    private static IEnumerable<string> Ids(ShedDecision d, ShedActionKind kind) => d.Actions.Where(a => a.Kind == kind).Select(a => a.ServiceId);

    [Fact]
    public void CalmWithNothingShedDoesNothing()
    {
        var d = At(0, Calm());
        Assert.Empty(d.Actions);
        Assert.Equal("calm; nothing is shed", d.Note);
    }

    [Fact]
    public void LowMemAvailableShedsTheLowestPriorityJustEnough()
    {
        // 20 MB available, 64 MB wanted: prometheus alone (150 MB) is enough.
        var d = At(0, new PressureReading(20, 12, 2));
        var action = Assert.Single(d.Actions);
        Assert.Equal(new ShedAction(ShedActionKind.Shed, "prometheus",
            "memory pressure: MemAvailable 20 MB is below the 32 MB floor; stopping prometheus (priority 20, using 150 MB) to bring MemAvailable back to 64 MB (44 MB short, 150 MB freed so far)"),
            action);
        Assert.Equal(["prometheus"], _shedder.ShedIds);
    }

    [Fact]
    public void ALargerShortfallShedsSeveralInPriorityOrder()
    {
        SheddableService[] small = [Serf, Syncthing, Icecast, Prometheus with { UsedMb = 30 }];
        var d = At(0, new PressureReading(10, null, null), small);
        // 54 MB short: prometheus 30 + icecast2 20 = 50 is not enough, syncthing makes it.
        Assert.Equal(["prometheus", "icecast2", "syncthing"], Ids(d, ShedActionKind.Shed));
        Assert.DoesNotContain("serf", _shedder.ShedIds);
    }

    [Fact]
    public void StallsAloneShedOneAtATimeAndWaitForTheEffect()
    {
        var stalled = new PressureReading(200, 55, 12);
        var first = At(0, stalled);
        Assert.Equal(["prometheus"], Ids(first, ShedActionKind.Shed));
        Assert.Contains("every task stalled on memory 12 % of the last 10 s (PSI full, limit 10 %) and tasks stalled on memory 55 %", first.Actions[0].Reason, StringComparison.Ordinal);

        var tooSoon = At(10, stalled);
        Assert.Empty(tooSoon.Actions);
        Assert.EndsWith("waiting 10 s more for the last action to show", tooSoon.Note, StringComparison.Ordinal);

        Assert.Equal(["icecast2"], Ids(At(20, stalled), ShedActionKind.Shed));
        Assert.Equal(["syncthing"], Ids(At(40, stalled), ShedActionKind.Shed));
        Assert.Equal(["serf"], Ids(At(60, stalled), ShedActionKind.Shed));
        Assert.Equal("memory pressure: every task stalled on memory 12 % of the last 10 s (PSI full, limit 10 %) and tasks stalled on memory 55 % of the last 10 s (PSI some, limit 40 %); no running service is left to shed",
            At(80, stalled).Note);
    }

    [Fact]
    public void BetweenPressureAndCalmNothingChanges_Hysteresis()
    {
        At(0, new PressureReading(20, null, null));
        // 50 MB is above the 32 MB floor (no more shedding) but below floor + margin (no restore), for as long as it lasts.
        for (var s = 30; s < 3600; s += 30)
        {
            var d = At(s, new PressureReading(50, 2, 0));
            Assert.Empty(d.Actions);
        }
        Assert.Equal(["prometheus"], _shedder.ShedIds);
        // Stalls above the calm level also hold a restore, even with plenty of memory.
        Assert.Empty(At(3600, new PressureReading(400, 8, 0)).Actions);
        Assert.Empty(At(3600 + 300, new PressureReading(400, 8, 0)).Actions);
    }

    [Fact]
    public void ShedServicesComeBackAfterACalmPeriod_HighestPriorityFirst_OneAtATime()
    {
        SheddableService[] small = [Serf, Syncthing, Icecast, Prometheus with { UsedMb = 30 }];
        At(0, new PressureReading(10, null, null), small);
        Assert.Equal(3, _shedder.ShedIds.Count);

        Assert.Empty(At(30, Calm(600)).Actions);         // calm starts here
        Assert.Empty(At(30 + 119, Calm(600)).Actions);   // not yet two minutes
        var first = At(30 + 120, Calm(600));
        Assert.Equal(["syncthing"], Ids(first, ShedActionKind.Restore));
        Assert.StartsWith("calm for 120 s (MemAvailable 600 MB, PSI some 0.1 %, full 0 %); starting syncthing again (priority 50, needs 160 MB)", first.Actions[0].Reason, StringComparison.Ordinal);
        // Each restore is followed by a full calm period before the next.
        Assert.Empty(At(30 + 200, Calm(600)).Actions);
        Assert.Equal(["icecast2"], Ids(At(30 + 240, Calm(600)), ShedActionKind.Restore));
        Assert.Equal(["prometheus"], Ids(At(30 + 360, Calm(600)), ShedActionKind.Restore));
        Assert.Empty(_shedder.ShedIds);
    }

    [Fact]
    public void AServiceComesBackOnlyWhenItsRequirementFitsAboveTheFloor()
    {
        At(0, new PressureReading(10, null, null), [Syncthing, Icecast]);
        Assert.Equal(["icecast2", "syncthing"], _shedder.ShedIds.Order());
        // 120 MB available: 56 MB above floor + margin, enough for icecast2 (24 MB) but not syncthing (160 MB), though syncthing ranks higher.
        At(30, Calm(120));
        var d = At(30 + 120, Calm(120));
        Assert.Equal(["icecast2"], Ids(d, ShedActionKind.Restore));
        var later = At(30 + 400, Calm(120));
        Assert.Empty(later.Actions);
        Assert.Contains("syncthing needs 160 MB, 56 MB is available above the floor and margin", later.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceThatFlapsWaitsTwiceAsLongEachTime()
    {
        var low = new PressureReading(20, null, null);
        At(0, low);
        Assert.Equal(TimeSpan.FromMinutes(2), _shedder.CalmWaitOf("prometheus"));
        At(30, Calm());
        Assert.Equal(["prometheus"], Ids(At(150, Calm()), ShedActionKind.Restore));

        // Back for a minute, pressure again: it is shed again and must now see 4 minutes of calm.
        Assert.Equal(["prometheus"], Ids(At(210, low), ShedActionKind.Shed));
        Assert.Equal(TimeSpan.FromMinutes(4), _shedder.CalmWaitOf("prometheus"));
        At(240, Calm());
        Assert.Empty(At(240 + 200, Calm()).Actions);
        Assert.Equal(["prometheus"], Ids(At(240 + 240, Calm()), ShedActionKind.Restore));

        // Doubling stops at the maximum.
        var t = 480.0;
        for (var i = 0; i < 6; i++)
        {
            At(t += 60, low);
            var wait = _shedder.CalmWaitOf("prometheus")!.Value;
            At(t += 30, Calm());
            At(t += wait.TotalSeconds, Calm());
        }
        Assert.Empty(_shedder.ShedIds);
        At(t += 60, low);
        Assert.Equal(TimeSpan.FromMinutes(32), _shedder.CalmWaitOf("prometheus"));
    }

    [Fact]
    public void AServiceShedLongAfterItCameBackStartsAgainFromTheBaseWait()
    {
        var low = new PressureReading(20, null, null);
        At(0, low);
        At(30, Calm());
        At(150, Calm());
        At(150 + 3600, low);
        Assert.Equal(TimeSpan.FromMinutes(2), _shedder.CalmWaitOf("prometheus"));
    }

    [Fact]
    public void AForgottenServiceIsNotBroughtBack()
    {
        At(0, new PressureReading(20, null, null));
        _shedder.Forget("prometheus");
        At(30, Calm());
        Assert.Equal("calm; nothing is shed", At(300, Calm()).Note);
    }
}
