using NodeAgent.Boards;
using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Fit;

namespace NodeAgent.Tests.Services;

/// <summary>
/// The fit check against the shipped manifests on the boards the agent targets. RAM sizes are MemTotal as those
/// boards report it: a Pi Zero 2 W (512 MB, 64 MB to the GPU) ≈ 427 MB, a Pi 4 4 GB ≈ 3792 MB, an APU2 4 GB ≈ 3938 MB.
/// </summary>
public class FitCheckTests
{
    private static readonly ServiceCatalogue Shipped = ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles());

    private static readonly NodeFacts PiZero2W = new(BoardArch.Arm64, 427, 330, 6000, 4);
    private static readonly NodeFacts Pi4 = new(BoardArch.Arm64, 3792, 3400, 20000, 4);
    private static readonly NodeFacts Apu2 = new(BoardArch.Amd64, 3938, 3600, 14000, 4);

    private static ServiceManifest M(string id) => Shipped.Find(id) ?? throw new InvalidOperationException($"no shipped manifest {id}");

    private static RunningService Run(string id, int? measuredMb = null) => RunningService.Of(M(id), measuredMb);

    private static FitVerdict Check(string id, NodeFacts node, params RunningService[] running) =>
        FitCheck.Evaluate(new FitRequest(M(id), node, FitPolicy.For(node.TotalRamMb), running));

    [Fact]
    public void SyncthingFitsAFreshPiZero2W()
    {
        var verdict = Check("syncthing", PiZero2W, Run("serf", 15), Run("node-exporter", 14));
        Assert.Equal(FitOutcome.Fits, verdict.Outcome);
        // 427 − 138 reserve − (24 + 20) held = 245; 330 available − (9 + 6) growth − 32 floor = 283; the smaller wins.
        Assert.Equal(245, verdict.Memory.FreeMb);
        Assert.Equal("syncthing fits: it needs 160 MB of RAM, 245 MB is free", verdict.Summary);
        Assert.Empty(verdict.Problems);
    }

    [Fact]
    public void ARefusalNamesTheNumbersAndWhatToStop()
    {
        // Prometheus was measured at 180 MB, above its 160 MB requirement: the budget holds the larger.
        var verdict = Check("syncthing", PiZero2W, Run("serf", 15), Run("prometheus", 180), Run("icecast2", 20));
        Assert.Equal(FitOutcome.Refused, verdict.Outcome);
        var problem = Assert.Single(verdict.Problems);
        Assert.Equal(FitProblemKind.Memory, problem.Kind);
        Assert.True(problem.Overridable);
        Assert.Equal(
            "syncthing needs 160 MB of RAM, 61 MB is free (427 MB − 138 MB for the system and the agent − 228 MB held by 3 running services); " +
            "stopping prometheus would free 180 MB", problem.Message);
        Assert.Equal(["prometheus"], verdict.StopToFit);
    }

    [Fact]
    public void AMeasuredFootprintLargerThanTheRequirementCounts()
    {
        // icecast2 declares 24 MB; once seen at 150 MB (many listeners) the budget holds 150.
        var asDeclared = Check("syncthing", PiZero2W, Run("icecast2", 20));
        var grown = Check("syncthing", PiZero2W, Run("icecast2", 150));
        Assert.Equal(427 - 138 - 24, asDeclared.Memory.BudgetMb);
        Assert.Equal(427 - 138 - 150, grown.Memory.BudgetMb);
        Assert.Equal(FitOutcome.Fits, asDeclared.Outcome);
        Assert.Equal(FitOutcome.Refused, grown.Outcome);
    }

    [Fact]
    public void WhatIsAvailableNowLimitsWhenSomethingOutsideTheCatalogueUsesMemory()
    {
        // The budget says 245 MB, but only 150 MB is available: serf may still grow by 9 MB and 32 MB stays free.
        var node = PiZero2W with { AvailableRamMb = 150 };
        var verdict = Check("syncthing", node, Run("serf", 15), Run("node-exporter", 20));
        Assert.Equal(150 - 9 - 32, verdict.Memory.FreeMb);
        Assert.True(verdict.Memory.LimitedByAvailable);
        Assert.StartsWith("syncthing needs 160 MB of RAM, 109 MB is free (150 MB available now − 9 MB the running services may still grow into − 32 MB kept against memory pressure)",
            Assert.Single(verdict.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyLowerPriorityServicesAreSuggested()
    {
        // squid (priority 40) on a Pi 4 where prometheus (20) grew to 3000 MB; etcd (80) is more important than squid.
        var node = Pi4 with { AvailableRamMb = 800 };
        var verdict = Check("squid", node, Run("prometheus", 3000), Run("icecast2", 30), Run("etcd", 50));
        Assert.Equal(FitOutcome.Refused, verdict.Outcome);
        Assert.Equal(["prometheus"], verdict.StopToFit);
        Assert.EndsWith("stopping prometheus would free 3000 MB", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ALowPriorityStopThatIsNotNeededIsDropped()
    {
        // Lowest first takes small (30 MB) and then big (200 MB); big alone covers the 101 MB short, so only big is suggested.
        var verdict = Check("syncthing", PiZero2W, new RunningService("small", 10, 30, 30, []), new RunningService("big", 20, 200, 200, []));
        Assert.Equal(["big"], verdict.StopToFit);
        Assert.EndsWith("stopping big would free 200 MB", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralServicesAreSuggestedWhenOneIsNotEnough()
    {
        var verdict = Check("syncthing", PiZero2W, Run("prometheus", 120), Run("icecast2", 90), Run("serf", 15), Run("node-exporter", 14));
        Assert.Equal(["prometheus", "icecast2"], verdict.StopToFit);
        Assert.Equal("syncthing does not fit: syncthing needs 160 MB of RAM, 0 MB is free (427 MB − 138 MB for the system and the agent − 294 MB held by 4 running services); " +
            "stopping prometheus and icecast2 would free 250 MB", verdict.Summary);
    }

    [Fact]
    public void WhenEvenStoppingEveryLowerPriorityServiceIsNotEnoughItSaysSo()
    {
        var verdict = Check("squid", PiZero2W, Run("icecast2", 20), Run("serf", 15), Run("etcd", 80));
        Assert.Empty(verdict.StopToFit);
        Assert.EndsWith("stopping every lower-priority service (icecast2) would free only 24 MB", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLowerPriorityServiceMeansNoSuggestion() =>
        Assert.EndsWith("no running service has a lower priority than 20",
            Check("prometheus", PiZero2W with { AvailableRamMb = 100 }, Run("serf", 15)).Summary, StringComparison.Ordinal);

    [Fact]
    public void AWrongArchitectureIsRefusedAndNoOverrideHelps()
    {
        var amd64Only = M("syncthing") with { Architectures = [BoardArch.Amd64] };
        var verdict = FitCheck.Evaluate(new FitRequest(amd64Only, PiZero2W, FitPolicy.For(427), [], OwnerOverride: true));
        Assert.Equal(FitOutcome.Refused, verdict.Outcome);
        var problem = Assert.Single(verdict.Problems);
        Assert.Equal(FitProblemKind.Architecture, problem.Kind);
        Assert.Equal("syncthing has no package for arm64 (only for amd64)", problem.Message);
        Assert.Empty(verdict.Overridden);
        Assert.Contains("an override cannot help", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullDiskRefusesAnInstallButNotAStart()
    {
        var full = Apu2 with { FreeDiskMb = 400 };
        var install = FitCheck.Evaluate(new FitRequest(M("syncthing"), full, FitPolicy.For(full.TotalRamMb), []));
        var start = FitCheck.Evaluate(new FitRequest(M("syncthing"), full, FitPolicy.For(full.TotalRamMb), [], Installed: true));
        Assert.Equal(FitOutcome.Refused, install.Outcome);
        Assert.Equal("syncthing needs 200 MB of disk, 144 MB is free (400 MB free on the root filesystem − 256 MB kept so the agent and apt can still write)",
            Assert.Single(install.Problems).Message);
        Assert.Equal(FitOutcome.Fits, start.Outcome);
    }

    [Fact]
    public void APortInUseIsRefusedAndNoOverrideHelps()
    {
        var dnsmasq = M("unbound") with { Id = "dnsmasq" };
        var verdict = FitCheck.Evaluate(new FitRequest(dnsmasq, Pi4, FitPolicy.For(Pi4.TotalRamMb), [Run("unbound", 20)], OwnerOverride: true));
        Assert.Equal(FitOutcome.Refused, verdict.Outcome);
        Assert.Equal(["dnsmasq needs port 53/udp, which unbound is using; stop unbound first", "dnsmasq needs port 53/tcp, which unbound is using; stop unbound first"],
            verdict.Problems.Select(p => p.Message));
        Assert.All(verdict.Problems, p => Assert.Equal(FitProblemKind.Port, p.Kind));
    }

    [Fact]
    public void TheOwnerCanOverrideMemoryDiskAndCores_AndGetsBackWhatWasOverridden()
    {
        var needy = M("squid") with { Requirements = new ServiceRequirements(300, 9000, 8) };
        var node = PiZero2W with { FreeDiskMb = 1000 };
        var verdict = FitCheck.Evaluate(new FitRequest(needy, node, FitPolicy.For(427), [Run("serf", 15)], OwnerOverride: true));
        Assert.Equal(FitOutcome.AllowedByOverride, verdict.Outcome);
        Assert.True(verdict.MayRun);
        Assert.Equal([FitProblemKind.Memory, FitProblemKind.Disk, FitProblemKind.Cores], verdict.Overridden.Select(p => p.Kind));
        Assert.Equal("squid needs 8 CPU cores, this node has 4", verdict.Overridden[2].Message);
        Assert.StartsWith("squid does not fit but the owner overrode: squid needs 300 MB of RAM", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServiceItselfInTheRunningListIsNotCountedTwice()
    {
        var verdict = Check("syncthing", PiZero2W, Run("syncthing", 150), Run("serf", 15));
        Assert.Equal(24, verdict.Memory.RunningMb);
        Assert.Equal(FitOutcome.Fits, verdict.Outcome);
    }

    /// <summary>Each shipped service on each board, alone and on a node already carrying the infrastructure services.</summary>
    [Theory]
    [InlineData("pi-zero-2w", "syncthing", true)]
    [InlineData("pi-zero-2w", "serf", true)]
    [InlineData("pi-zero-2w", "etcd", true)]
    [InlineData("pi-zero-2w", "unbound", true)]
    [InlineData("pi-zero-2w", "node-exporter", true)]
    [InlineData("pi-zero-2w", "icecast2", true)]
    [InlineData("pi-zero-2w", "prometheus", true)]
    [InlineData("pi-zero-2w", "squid", false)] // 300 MB of Debian's default cache_mem does not fit 427 MB beside the infrastructure
    [InlineData("pi4", "squid", true)]
    [InlineData("pi4", "prometheus", true)]
    [InlineData("apu2", "squid", true)]
    [InlineData("apu2", "syncthing", true)]
    public void ShippedServicesOnTheTargetBoards(string board, string id, bool fits)
    {
        var node = board switch { "pi-zero-2w" => PiZero2W, "pi4" => Pi4, _ => Apu2 };
        var infrastructure = new[] { Run("serf", 15), Run("etcd", 30), Run("node-exporter", 14) }.Where(r => r.Id != id).ToArray();
        var verdict = Check(id, node, infrastructure);
        Assert.True(fits == (verdict.Outcome == FitOutcome.Fits), verdict.Summary);
    }

    [Theory]
    // total, available, held by running, expected free: budget = total − reserve − held; live = available − floor.
    [InlineData(427, 400, 0, 289)]      // budget 427 − 138 = 289 binds
    [InlineData(427, 100, 0, 68)]       // live 100 − 32 binds
    [InlineData(427, 400, 400, -111)]   // over-committed: nothing free
    [InlineData(3792, 3600, 500, 2817)] // 3792 − 475 − 500
    [InlineData(16000, 15900, 0, 15488)] // reserve capped at 512 MB
    public void TheBudgetArithmetic(int total, int available, int held, int free)
    {
        var node = new NodeFacts(BoardArch.Arm64, total, available, 10000, 4);
        RunningService[] running = held == 0 ? [] : [new RunningService("x", 10, held, held, [])];
        Assert.Equal(free, FitCheck.Budget(node, FitPolicy.For(total), running).FreeMb);
    }

    [Fact]
    public void NothingFreeIsShownAsZeroNotANegativeNumber()
    {
        var verdict = Check("icecast2", PiZero2W, Run("serf", 15), new RunningService("big", 95, 400, 400, []));
        Assert.Contains("icecast2 needs 24 MB of RAM, 0 MB is free", verdict.Summary, StringComparison.Ordinal);
    }
}
