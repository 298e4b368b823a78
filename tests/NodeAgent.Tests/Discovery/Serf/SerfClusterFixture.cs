namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>A 3-agent cluster shared by the tests of one class; tests must leave it as they found it.</summary>
public sealed class SerfClusterFixture : IAsyncLifetime
{
    internal SerfCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await SerfCluster.StartAsync(3, "fx").ConfigureAwait(false);

    public async Task DisposeAsync() => await Cluster.DisposeAsync().ConfigureAwait(false);
}
