namespace NodeAgent.Tests;

public class SmokeTests
{
    [Fact]
    public void VersionIsStamped() => Assert.Equal("0.1.0", AgentVersion.Current);
}
