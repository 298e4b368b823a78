using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Services.Packages;

namespace NodeAgent.Tests.Services.Packages;

/// <summary>
/// Real apt-get and dpkg inside the booted container. Its only apt source is a local repository baked into the cached
/// rootfs (tests/scripts/nspawn-rootfs.sh): Debian's real <c>hello</c> package and <c>nodeagent-test-broken</c>, whose
/// postinst fails. The container has no network, so these runs reach nothing outside the machine.
/// </summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class AptInstallerTests(NspawnFixture fixture)
{
    private readonly NspawnContainer _container = fixture.Container;

    private AptInstaller Apt => new(_container.Commands, NullLogger<AptInstaller>.Instance);

    private DpkgStatus Dpkg => new(_container.Commands);

    [Fact]
    public async Task InstallsARealPackageReportingProgressThenRemovesIt()
    {
        Assert.False(await Dpkg.IsInstalledAsync("hello"));
        var reports = new ConcurrentQueue<AptProgress>();

        await Apt.InstallAsync(["hello"], new SynchronousProgress(reports.Enqueue));

        Assert.True(await Dpkg.IsInstalledAsync("hello"));
        (int exit, string greeting) = await _container.ExecAsync("hello");
        Assert.Equal((0, "Hello, world!"), (exit, greeting.Trim()));
        AptProgress[] install = [.. reports.Where(r => r.Phase == AptPhase.Install)];
        Assert.Contains(install, r => r.Package == "hello" && r.Message.StartsWith("Unpacking hello", StringComparison.Ordinal));
        Assert.Contains(install, r => r.Package == "hello" && r.Message.StartsWith("Configuring hello", StringComparison.Ordinal));
        Assert.StartsWith("Installed hello", install.Last(r => r.Package == "hello").Message, StringComparison.Ordinal);
        Assert.Equal(install.Select(r => r.Percent).Order(), install.Select(r => r.Percent));
        Assert.All(reports, r => Assert.InRange(r.OverallPercent, 0, 100));
        Assert.Equal(new AptProgress(AptPhase.Install, 100, null, "install finished"), reports.Last());

        reports.Clear();
        await Apt.RemoveAsync(["hello"], new SynchronousProgress(reports.Enqueue));

        Assert.False(await Dpkg.IsInstalledAsync("hello"));
        Assert.Contains(reports, r => r.Message.StartsWith("Removing hello", StringComparison.Ordinal));
        Assert.Equal(new AptProgress(AptPhase.Install, 100, null, "remove finished"), reports.Last());
    }

    [Fact]
    public async Task AFailingMaintainerScriptComesBackWithAptsLastLines()
    {
        var error = await Assert.ThrowsAsync<AptException>(() => Apt.InstallAsync(["nodeagent-test-broken"]));

        Assert.Contains("exit 100", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.LastLines, l => l.Contains("nodeagent-test-broken: refusing to configure", StringComparison.Ordinal));
        Assert.Contains(error.LastLines, l => l.StartsWith("E: ", StringComparison.Ordinal));
        Assert.False(await Dpkg.IsInstalledAsync("nodeagent-test-broken"));
        await _container.ExecAsync("dpkg", "--purge", "nodeagent-test-broken");
    }

    [Fact]
    public async Task AnUnknownPackageIsAClearError()
    {
        var error = await Assert.ThrowsAsync<AptException>(() => Apt.InstallAsync(["no-such-package-anywhere"]));

        Assert.Contains("Unable to locate package no-such-package-anywhere", error.Message, StringComparison.Ordinal);
        Assert.False(await Dpkg.IsInstalledAsync("no-such-package-anywhere"));
    }

    [Fact]
    public async Task ACancelledInstallRunsNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        string dpkgLog = await DpkgLogAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Apt.InstallAsync(["hello"], null, cancelled.Token));

        Assert.Equal(dpkgLog, await DpkgLogAsync());
    }

    [Fact]
    public async Task CancellingOnceDpkgHasStartedLetsItFinish()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(r =>
        {
            if (r.Phase == AptPhase.Install)
            {
                cancel.Cancel();
            }
        });

        await Apt.InstallAsync(["hello"], progress, cancel.Token);

        Assert.True(cancel.IsCancellationRequested);
        Assert.True(await Dpkg.IsInstalledAsync("hello"));
        (int audit, string broken) = await _container.ExecAsync("dpkg", "--audit");
        Assert.Equal((0, ""), (audit, broken));
        await Apt.RemoveAsync(["hello"]);
    }

    /// <summary>dpkg appends every package it touches to /var/log/dpkg.log.</summary>
    private async Task<string> DpkgLogAsync() => (await _container.ExecAsync("cat", "/var/log/dpkg.log")).Output;

    [Fact]
    public async Task DpkgKnowsAnInstalledPackage()
    {
        Assert.True(await Dpkg.IsInstalledAsync("dbus"));
        Assert.False(await Dpkg.IsInstalledAsync("hello-traditional"));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool, so reports could arrive after the call returned; this does not.</summary>
    private sealed class SynchronousProgress(Action<AptProgress> report) : IProgress<AptProgress>
    {
        public void Report(AptProgress value) => report(value);
    }
}
