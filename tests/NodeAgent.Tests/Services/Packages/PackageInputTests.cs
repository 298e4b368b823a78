using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Services;
using NodeAgent.Services.Packages;

namespace NodeAgent.Tests.Services.Packages;

/// <summary>Package names and apt's status lines, without running apt.</summary>
public sealed class PackageInputTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("libc6")]
    [InlineData("g++")]
    [InlineData("prometheus-node-exporter")]
    [InlineData("python3.11")]
    public void DebianNamesAreAccepted(string name) => Assert.True(DebianPackageName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("Hello")]
    [InlineData("-oAPT::Get::x=1")]
    [InlineData("hello=2.10-3")]
    [InlineData("hello/bookworm")]
    [InlineData("hello world")]
    [InlineData("hello;rm")]
    [InlineData(".hidden")]
    public void AnythingElseIsRefused(string name) => Assert.False(DebianPackageName.IsValid(name));

    [Fact]
    public async Task ABadNameIsRefusedBeforeAnyCommandRuns()
    {
        // A command host whose every command fails to start: reaching it would throw AptException, not ArgumentException.
        var apt = new AptInstaller(new CommandHost(["/nonexistent/nodeagent-test"]), NullLogger<AptInstaller>.Instance);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => apt.InstallAsync(["hello", "--purge"]));

        Assert.Contains("'--purge' is not a Debian package name", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AptException>(() => apt.InstallAsync(["hello"]));
    }

    [Theory]
    [InlineData("pmstatus:hello:33.3333:Unpacking hello (amd64)", AptPhase.Install, 33.3333, "hello", "Unpacking hello (amd64)")]
    [InlineData("dlstatus:1:9.5:Retrieving file 1 of 2", AptPhase.Download, 9.5, "1", "Retrieving file 1 of 2")]
    [InlineData("pmstatus:dpkg-exec:0:Running dpkg", AptPhase.Install, 0, null, "Running dpkg")]
    [InlineData("pmstatus:tzdata:50:Preparing to configure tzdata: Europe/Madrid", AptPhase.Install, 50, "tzdata", "Preparing to configure tzdata: Europe/Madrid")]
    [InlineData("dlstatus:1:140:past the end", AptPhase.Download, 100, "1", "past the end")]
    public void StatusLinesBecomeProgress(string line, AptPhase phase, double percent, string? package, string message)
    {
        Assert.True(AptStatusLine.TryParse(line, out AptProgress? progress, out bool isError));
        Assert.False(isError);
        Assert.Equal(new AptProgress(phase, percent, package, message), progress);
    }

    [Fact]
    public void ErrorLinesAreFlagged()
    {
        Assert.True(AptStatusLine.TryParse("pmerror:broken:60:installed post-installation script subprocess returned error exit status 1", out var progress, out bool isError));
        Assert.True(isError);
        Assert.Equal("broken", progress.Package);
    }

    [Theory]
    [InlineData("Reading package lists...")]
    [InlineData("E: Unable to locate package x")]
    [InlineData("pmstatus:hello:notanumber:x")]
    [InlineData("pmconffile:/etc/x:50:'/etc/x' '/etc/x.dpkg-new' 1 1")]
    [InlineData("pmstatus:hello")]
    public void OrdinaryLinesAreNotProgress(string line) => Assert.False(AptStatusLine.TryParse(line, out _, out _));

    [Fact]
    public void OverallPercentPutsDownloadFirst()
    {
        Assert.Equal(25, new AptProgress(AptPhase.Download, 50, null, "").OverallPercent);
        Assert.Equal(75, new AptProgress(AptPhase.Install, 50, null, "").OverallPercent);
    }
}
