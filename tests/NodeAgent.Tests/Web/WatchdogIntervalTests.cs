using NodeAgent.Hosting;

namespace NodeAgent.Tests.Web;

public class WatchdogIntervalTests
{
    [Theory]
    [InlineData("30000000", null, 30, 15.0)]
    [InlineData("30000000", "30", 30, 15.0)]
    [InlineData("30000000", "31", 30, null)]
    [InlineData(null, null, 30, null)]
    [InlineData("0", null, 30, null)]
    [InlineData("soon", null, 30, null)]
    public void PingsAtHalfTheTimeoutOnlyForThisProcess(string? usec, string? pid, int self, double? expectedSeconds) =>
        Assert.Equal(expectedSeconds, WatchdogService.WatchdogInterval(usec, pid, self)?.TotalSeconds);
}
