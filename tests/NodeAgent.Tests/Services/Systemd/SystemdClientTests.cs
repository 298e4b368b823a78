using System.Collections.Concurrent;
using System.Globalization;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services.Systemd;

/// <summary>
/// The D-Bus client against a real systemd 252 booted in systemd-nspawn. Each test writes its own units (small shell
/// loops) into the container, so tests do not share units.
/// </summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class SystemdClientTests(NspawnFixture fixture) : IAsyncLifetime
{
    private readonly NspawnContainer _container = fixture.Container;
    private SystemdClient _systemd = null!;

    public async Task InitializeAsync() => _systemd = await SystemdClient.ConnectAsync(_container.Options);

    public async Task DisposeAsync() => await _systemd.DisposeAsync();

    [Fact]
    public async Task ReadsARunningServiceWithItsMainProcess()
    {
        UnitState dbus = await _systemd.GetUnitStateAsync("dbus.service");

        Assert.Equal(("loaded", "active", "running"), (dbus.LoadState, dbus.ActiveState, dbus.SubState));
        Assert.True(dbus.Exists);
        Assert.Equal("success", dbus.Result);
        Assert.NotNull(dbus.MainPid);
        (int _, string comm) = await _container.ExecAsync("cat", $"/proc/{dbus.MainPid}/comm");
        Assert.Equal("dbus-daemon", comm.Trim());
        // cgroup v1 memory is not delegated to the container here: systemd has no number, and the client says null, not 0.
        Assert.True(dbus.MemoryCurrentBytes is null or > 0);
    }

    [Fact]
    public async Task AUnitWithoutAFileIsNotFound()
    {
        UnitState missing = await _systemd.GetUnitStateAsync("no-such-unit-here.service");

        Assert.False(missing.Exists);
        Assert.Equal(("not-found", "inactive"), (missing.LoadState, missing.ActiveState));
        Assert.Null(missing.MainPid);
        Assert.Null(missing.Limits);
    }

    [Fact]
    public async Task StartRestartAndStopWaitForTheirJobs()
    {
        await WriteLoopUnitAsync("na-loop.service");

        Assert.Equal(JobResult.Done, await _systemd.StartAsync("na-loop.service"));
        UnitState started = await _systemd.GetUnitStateAsync("na-loop.service");
        Assert.Equal(("active", "running"), (started.ActiveState, started.SubState));
        Assert.NotNull(started.MainPid);

        Assert.Equal(JobResult.Done, await _systemd.RestartAsync("na-loop.service"));
        UnitState restarted = await _systemd.GetUnitStateAsync("na-loop.service");
        Assert.Equal("active", restarted.ActiveState);
        Assert.NotEqual(started.MainPid, restarted.MainPid);

        Assert.Equal(JobResult.Done, await _systemd.StopAsync("na-loop.service"));
        UnitState stopped = await _systemd.GetUnitStateAsync("na-loop.service");
        Assert.Equal(("inactive", "dead"), (stopped.ActiveState, stopped.SubState));
        Assert.Null(stopped.MainPid);
        (int alive, _) = await _container.ExecAsync("kill", "-0", started.MainPid!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(0, alive);
    }

    [Fact]
    public async Task AOneshotThatExitsOneFailsItsStartJob()
    {
        _container.WriteFile("/etc/systemd/system/na-fails.service",
            "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo giving up; exit 1'\n");
        await _systemd.ReloadAsync();

        Assert.Equal(JobResult.Failed, await _systemd.StartAsync("na-fails.service"));

        UnitState state = await _systemd.GetUnitStateAsync("na-fails.service");
        Assert.Equal(("failed", "failed", "exit-code", 1), (state.ActiveState, state.SubState, state.Result, state.ExecMainStatus));
    }

    [Fact]
    public async Task AServiceThatDiesLaterIsSeenFailingThroughPropertiesChanged()
    {
        _container.WriteFile("/etc/systemd/system/na-dies.service",
            "[Service]\nExecStart=/bin/sh -c 'sleep 1; exit 3'\n");
        await _systemd.ReloadAsync();
        var states = new ConcurrentQueue<string>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable watch = await _systemd.WatchActiveStateAsync("na-dies.service", state =>
        {
            states.Enqueue(state);
            if (state == "failed")
            {
                failed.TrySetResult();
            }
        });

        // A simple service counts as started once forked: the job is done, the failure comes a second later.
        Assert.Equal(JobResult.Done, await _systemd.StartAsync("na-dies.service"));
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Changes only, in order: systemd repeats ActiveState in every PropertiesChanged of the unit.
        Assert.Equal(["active", "failed"], states.SkipWhile(s => s != "active"));
        UnitState state = await _systemd.GetUnitStateAsync("na-dies.service");
        Assert.Equal(("failed", "exit-code", 3), (state.ActiveState, state.Result, state.ExecMainStatus));
    }

    [Fact]
    public async Task TheAgentsDropInChangesTheLimitsSystemdHoldsAndRemovingItUndoesThem()
    {
        await WriteLoopUnitAsync("na-limited.service");
        const string limits = "[Service]\nMemoryHigh=48M\nMemoryMax=64M\nCPUQuota=50%\nIOWeight=50\n";

        Assert.True(await _systemd.WriteDropInAsync("na-limited.service", limits));
        Assert.False(await _systemd.WriteDropInAsync("na-limited.service", limits));

        UnitState limited = await _systemd.GetUnitStateAsync("na-limited.service");
        Assert.Equal(new UnitLimits(64UL << 20, 48UL << 20, 500_000, 50), limited.Limits);
        Assert.Contains("/etc/systemd/system/na-limited.service.d/50-nodeagent.conf", limited.DropInPaths);
        Assert.Equal(limits, await File.ReadAllTextAsync(_systemd.DropInPath("na-limited.service")));
        Assert.False(_container.FileExists("/etc/systemd/system/na-limited.service.d/50-nodeagent.conf.tmp"));

        Assert.True(await _systemd.RemoveDropInAsync("na-limited.service"));
        Assert.False(await _systemd.RemoveDropInAsync("na-limited.service"));

        UnitState unlimited = await _systemd.GetUnitStateAsync("na-limited.service");
        Assert.Equal(new UnitLimits(null, null, null, null), unlimited.Limits);
        Assert.Empty(unlimited.DropInPaths);
    }

    [Fact]
    public async Task EnableAndDisableManageTheInstallLinks()
    {
        await WriteLoopUnitAsync("na-enabled.service");
        const string link = "/etc/systemd/system/multi-user.target.wants/na-enabled.service";
        Assert.Equal("disabled", (await _systemd.GetUnitStateAsync("na-enabled.service")).UnitFileState);

        await _systemd.EnableAsync("na-enabled.service");
        Assert.Equal("enabled", (await _systemd.GetUnitStateAsync("na-enabled.service")).UnitFileState);
        Assert.True(_container.FileExists(link));

        await _systemd.DisableAsync("na-enabled.service");
        Assert.Equal("disabled", (await _systemd.GetUnitStateAsync("na-enabled.service")).UnitFileState);
        Assert.False(_container.FileExists(link));
    }

    [Fact]
    public async Task AJobThatOutlastsTheTimeoutIsReportedAndGoesOn()
    {
        _container.WriteFile("/etc/systemd/system/na-slow.service", "[Service]\nType=oneshot\nExecStart=/bin/sleep 30\n");
        await using var impatient = await SystemdClient.ConnectAsync(new SystemdOptions { Root = _container.Root, JobTimeout = TimeSpan.FromSeconds(1) });
        await impatient.ReloadAsync();

        var error = await Assert.ThrowsAsync<SystemdException>(() => impatient.StartAsync("na-slow.service"));

        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal("activating", (await impatient.GetUnitStateAsync("na-slow.service")).ActiveState);
        Assert.Equal(JobResult.Done, await impatient.StopAsync("na-slow.service"));
    }

    [Fact]
    public async Task SystemdsRefusalNamesTheUnitAndTheError()
    {
        var error = await Assert.ThrowsAsync<SystemdException>(() => _systemd.StartAsync("no-such-unit-here.service"));

        Assert.Equal("org.freedesktop.systemd1.NoSuchUnit", error.ErrorName);
        Assert.Contains("start no-such-unit-here.service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALostBusEndsTheClientAndANewOneConnects()
    {
        await using var doomed = await SystemdClient.ConnectAsync(_container.Options);

        (int exit, string output) = await _container.ExecAsync("systemctl", "restart", "dbus.service");
        Assert.True(exit == 0, output);

        await doomed.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<SystemdException>(() => doomed.GetUnitStateAsync("dbus.service"));
        // systemd rejoins the new bus on its own, shortly after it is up.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await using var fresh = await SystemdClient.ConnectAsync(_container.Options);
                Assert.Equal("active", (await fresh.GetUnitStateAsync("dbus.service")).ActiveState);
                return;
            }
            catch (SystemdUnavailableException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    [Theory]
    [InlineData("../../etc/passwd.service")]
    [InlineData("-h.service")]
    [InlineData("a b.service")]
    [InlineData("ssh")]
    public async Task BadUnitNamesAreRefusedBeforeSystemdOrTheFileSystemSeesThem(string unit)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _systemd.StartAsync(unit));
        await Assert.ThrowsAsync<ArgumentException>(() => _systemd.WriteDropInAsync(unit, "[Service]\n"));
    }

    private async Task WriteLoopUnitAsync(string unit)
    {
        _container.WriteFile($"/etc/systemd/system/{unit}",
            "[Unit]\nDescription=NodeAgent test loop\n[Service]\nExecStart=/bin/sh -c 'i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done'\n" +
            "[Install]\nWantedBy=multi-user.target\n");
        await _systemd.ReloadAsync();
    }
}
