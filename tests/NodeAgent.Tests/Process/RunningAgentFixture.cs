namespace NodeAgent.Tests.Process;

/// <summary>One published agent shared by the read-mostly API tests of a class.</summary>
public sealed class RunningAgentFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-api-").FullName;

    internal AgentProcess Agent { get; private set; } = null!;

    public async Task InitializeAsync() => Agent = await AgentProcess.StartAsync(_dir).ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        await Agent.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_dir, recursive: true);
    }
}
