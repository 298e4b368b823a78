using Microsoft.Extensions.Logging;
using NodeAgent.Hosting;

namespace NodeAgent.Tests.Hosting;

// The plain extension methods are what the provider must handle too; speed is not the point here.
#pragma warning disable CA1848, CA1873

/// <summary>The agent's log lines: one per entry, syslog priorities for journald, filtering left to the logger factory.</summary>
public sealed class LineLoggerTests
{
    private static (ILoggerFactory Factory, StringWriter Output) Factory(bool journal)
    {
        var output = new StringWriter();
        var factory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddFilter("Microsoft", LogLevel.Warning);
            b.AddProvider(new LineLoggerProvider(output, journal));
        });
        return (factory, output);
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void UnderJournaldEachLineStartsWithItsSyslogPriority()
    {
        var (factory, output) = Factory(journal: true);
        using (factory)
        {
            var log = factory.CreateLogger("NodeAgent.Feedback");
            log.LogInformation("node state {State}", "healthy");
            log.LogWarning("link down");
            log.LogError("store full");
            log.LogCritical("gone");
        }
        Assert.Equal(
            ["<6>NodeAgent.Feedback: node state healthy", "<4>NodeAgent.Feedback: link down", "<3>NodeAgent.Feedback: store full", "<2>NodeAgent.Feedback: gone"],
            Lines(output));
    }

    [Fact]
    public void OnATerminalTheLevelIsNamedAndALineBreakNeverStartsANewEntry()
    {
        var (factory, output) = Factory(journal: false);
        using (factory)
        {
            factory.CreateLogger("NodeAgent.Services.Manager").LogWarning(
                new InvalidOperationException("unit failed", new IOException("disk\nfull")), "apt said:\nE: broken");
        }
        var line = Assert.Single(Lines(output));
        Assert.Equal("warn: NodeAgent.Services.Manager: apt said: E: broken (InvalidOperationException: unit failed <- IOException: disk full)", line);
    }

    [Fact]
    public void TheFactorysFiltersDecideWhatIsWritten()
    {
        var (factory, output) = Factory(journal: true);
        using (factory)
        {
            factory.CreateLogger("NodeAgent.Web").LogDebug("below the minimum");
            factory.CreateLogger("Microsoft.AspNetCore.Hosting").LogInformation("framework chatter");
            factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning("framework warning");
        }
        Assert.Equal(["<4>Microsoft.AspNetCore.Server.Kestrel: framework warning"], Lines(output));
    }
}
