namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>One etcd member shared by the tests of a class; each test works under a prefix of its own.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    internal EtcdProcess Member { get; private set; } = null!;

    public async Task InitializeAsync() => Member = await EtcdProcess.StartSingleAsync();

    public async Task DisposeAsync() => await Member.DisposeAsync();
}
