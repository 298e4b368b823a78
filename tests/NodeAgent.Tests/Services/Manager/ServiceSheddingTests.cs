using NodeAgent.Contracts;
using NodeAgent.Services.Manager;
using NodeAgent.Services.Pressure;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>
/// The pressure shedder's decisions carried out on the container's systemd: readings are given (this machine has no
/// memory pressure to spare), the units stop and start for real. Waits are shortened to zero.
/// </summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class ServiceSheddingTests(NspawnFixture fixture)
{
    private readonly NspawnContainer _container = fixture.Container;

    [Fact]
    public async Task UnderPressureTheLowestPriorityIsShedAndComesBackWhenCalm()
    {
        _container.WriteFile("/etc/systemd/system/na-low.service", TestServices.Unit("/bin/sleep infinity"));
        _container.WriteFile("/etc/systemd/system/na-high.service", TestServices.Unit("/bin/sleep infinity"));
        var probe = """{ "kind": "command", "command": ["/bin/true"], "intervalSeconds": 60, "timeoutSeconds": 2 }""";
        var thresholds = new ShedThresholds { FloorMb = 100, Settle = TimeSpan.Zero, Calm = TimeSpan.Zero };
        await using var harness = await ManagerHarness.StartAsync(_container, thresholds,
            TestServices.Manifest("low", "dbus", "na-low.service", probe, 18090, ramMb: 100, priority: 20),
            TestServices.Manifest("high", "dbus", "na-high.service", probe, 18091, ramMb: 100, priority: 80));
        var manager = harness.Manager;
        Assert.False(manager.HasWorkForShedder);
        await manager.RunAsync("low", ServiceOperation.Start);
        await manager.RunAsync("high", ServiceOperation.Start);
        await harness.WaitForAsync("low", ServiceState.Healthy);
        await harness.WaitForAsync("high", ServiceState.Healthy);
        Assert.True(manager.HasWorkForShedder);

        var pressure = await manager.EvaluatePressureAsync(new PressureReading(50, null, null));

        var shed = Assert.Single(pressure!.Actions);
        Assert.Equal((ShedActionKind.Shed, "low"), (shed.Kind, shed.ServiceId));
        var low = manager.Find("low")!;
        Assert.Equal(ServiceState.Shed, low.State);
        Assert.Equal(shed.Reason, low.Detail);
        Assert.StartsWith("memory pressure: MemAvailable 50 MB", low.Detail, StringComparison.Ordinal);
        Assert.Contains("stopping low (priority 20, using 100 MB)", low.Detail, StringComparison.Ordinal);
        Assert.Equal("inactive", (await _container.ExecAsync("systemctl", "is-active", "na-low.service")).Output.Trim());
        Assert.Equal("enabled", (await _container.ExecAsync("systemctl", "is-enabled", "na-low.service")).Output.Trim());
        Assert.Equal(ServiceState.Healthy, manager.Find("high")!.State);
        Assert.Contains(harness.Events, e => e is { Kind: "service.shed", Severity: EventSeverity.Warning });

        var calm = await manager.EvaluatePressureAsync(new PressureReading(2000, 0, 0));

        Assert.Equal((ShedActionKind.Restore, "low"), (Assert.Single(calm!.Actions).Kind, calm.Actions[0].ServiceId));
        await harness.WaitForAsync("low", ServiceState.Healthy);
        Assert.Equal(["stopped → starting", "starting → healthy", "healthy → shed", "shed → starting", "starting → healthy"], harness.Transitions("low"));
        await manager.RunAsync("low", ServiceOperation.Stop);
        await manager.RunAsync("high", ServiceOperation.Stop);
        Assert.False(manager.HasWorkForShedder);
    }
}
