using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

public class AddressRefreshTests
{
    [Fact]
    public void AddressesAreLookedUpOncePerRefreshPeriodAndAttachedByName()
    {
        var source = new CountingAddresses();
        string root = HostFixture.PathOf("rpi4");
        var sampler = new ResourceSampler(new HostRoot(root), new ManualTimeProvider(HostFixture.Start), new FixtureFileSystemStats(root), source);

        var first = sampler.Sample();
        for (int i = 1; i < ResourceSampler.AddressRefreshEvery; i++)
        {
            sampler.Sample();
        }

        Assert.Equal(1, source.Calls);
        Assert.Equal(["10.1.2.3/24"], first.NetworkInterfaces.Single(n => n.Name == "eth0").Addresses);
        Assert.Empty(first.NetworkInterfaces.Single(n => n.Name == "wlan0").Addresses);

        sampler.Sample();
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void FailingLookupKeepsCountersAndReportsProblem()
    {
        string root = HostFixture.PathOf("rpi4");
        var sampler = new ResourceSampler(new HostRoot(root), new ManualTimeProvider(HostFixture.Start), new FixtureFileSystemStats(root), new FailingAddresses());

        var s = sampler.Sample();

        Assert.Equal(3, s.NetworkInterfaces.Count);
        Assert.StartsWith("interface addresses: InvalidOperationException: netlink closed", Assert.Single(s.Problems), StringComparison.Ordinal);
    }

    private sealed class CountingAddresses : INetworkAddressSource
    {
        public int Calls { get; private set; }

        public void Collect(Dictionary<string, List<string>> into)
        {
            Calls++;
            into["eth0"] = ["10.1.2.3/24"];
        }
    }

    private sealed class FailingAddresses : INetworkAddressSource
    {
        public void Collect(Dictionary<string, List<string>> into) => throw new InvalidOperationException("netlink closed");
    }
}
