using System.Text;
using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services.Systemd;

/// <summary>Unit names, journal lines and job matching, without a systemd.</summary>
public sealed class SystemdInputTests
{
    [Theory]
    [InlineData("syncthing@node.service")]
    [InlineData("prometheus-node-exporter.service")]
    [InlineData("dev-disk-by\\x2dlabel-data.mount")]
    [InlineData("apt-daily.timer")]
    public void UnitNamesAreAccepted(string unit) => Assert.True(UnitName.IsValid(unit));

    [Theory]
    [InlineData("")]
    [InlineData("ssh")]
    [InlineData(".service")]
    [InlineData("../x.service")]
    [InlineData("a/b.service")]
    [InlineData("-x.service")]
    [InlineData("a b.service")]
    [InlineData("x.device")]
    public void OtherUnitNamesAreRefused(string unit) => Assert.False(UnitName.IsValid(unit));

    [Fact]
    public void AJournalLineIsRead()
    {
        const string line = """{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1795715023760403","PRIORITY":"6","SYSLOG_IDENTIFIER":"sh","_PID":"42","MESSAGE":"tick 1","_SOURCE":{"x":[1,2]}}""";

        Assert.True(JournalJson.TryParse(Encoding.UTF8.GetBytes(line), out JournalEntry? entry));
        Assert.Equal(new JournalEntry(DateTimeOffset.FromUnixTimeMilliseconds(1795715023760), 6, "sh", "tick 1"), entry);
    }

    [Fact]
    public void ABinaryMessageIsDecoded()
    {
        const string line = """{"__REALTIME_TIMESTAMP":"1000","MESSAGE":[104,105,255]}""";

        Assert.True(JournalJson.TryParse(Encoding.UTF8.GetBytes(line), out JournalEntry? entry));
        Assert.Equal("hi\uFFFD", entry.Message);
        Assert.Null(entry.Priority);
    }

    [Theory]
    [InlineData("""{"__REALTIME_TIMESTAMP":"1000","MESSAGE":null}""")]
    [InlineData("""{"MESSAGE":"no time"}""")]
    [InlineData("-- No entries --")]
    [InlineData("{\"MESSAGE\":\"cut")]
    public void LinesWithoutTimeOrMessageAreSkipped(string line) =>
        Assert.False(JournalJson.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public async Task AJobThatEndsBeforeItsCallerWaitsIsStillMatched()
    {
        var jobs = new JobTracker();
        jobs.Complete("/org/freedesktop/systemd1/job/7", "done");

        Assert.Equal("done", await jobs.WaitAsync("/org/freedesktop/systemd1/job/7"));

        Task<string> waiting = jobs.WaitAsync("/org/freedesktop/systemd1/job/8");
        Assert.False(waiting.IsCompleted);
        jobs.Complete("/org/freedesktop/systemd1/job/8", "failed");
        Assert.Equal("failed", await waiting);
    }

    [Fact]
    public async Task OnlyTheLatestUnclaimedResultsAreKept()
    {
        var jobs = new JobTracker();
        for (int i = 0; i <= JobTracker.EarlyKept; i++)
        {
            jobs.Complete($"/job/{i}", "done");
        }

        Assert.False(jobs.WaitAsync("/job/0").IsCompleted);
        Assert.Equal("done", await jobs.WaitAsync($"/job/{JobTracker.EarlyKept}"));
    }

    [Fact]
    public async Task ALostConnectionFailsEveryWaiter()
    {
        var jobs = new JobTracker();
        Task<string> waiting = jobs.WaitAsync("/job/1");

        jobs.FailAll(new SystemdException("bus gone"));

        Assert.Equal("bus gone", (await Assert.ThrowsAsync<SystemdException>(() => waiting)).Message);
        await Assert.ThrowsAsync<SystemdException>(() => jobs.WaitAsync("/job/2"));
    }
}
