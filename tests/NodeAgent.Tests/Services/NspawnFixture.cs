namespace NodeAgent.Tests.Services;

/// <summary>One booted container shared by the systemd and apt test classes (collection <c>Nspawn</c>), which run one after another.</summary>
public sealed class NspawnFixture : IAsyncLifetime
{
    internal NspawnContainer Container { get; private set; } = null!;

    public async Task InitializeAsync() => Container = await NspawnContainer.BootAsync().ConfigureAwait(false);

    public async Task DisposeAsync() => await Container.DisposeAsync().ConfigureAwait(false);
}

[CollectionDefinition("Nspawn")]
public sealed class NspawnGroup : ICollectionFixture<NspawnFixture>;
