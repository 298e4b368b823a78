using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public class NetworkPresenceTests
{
    private static void Interface(TempTree tree, string name, string state, bool physical)
    {
        tree.Write($"sys/class/net/{name}/operstate", state + "\n");
        if (physical)
        {
            Directory.CreateDirectory(tree.PathOf($"sys/class/net/{name}/device"));
        }
    }

    [Fact]
    public void APhysicalInterfaceThatIsUpCounts()
    {
        using var tree = new TempTree();
        Interface(tree, "lo", "unknown", false);
        Interface(tree, "eth0", "down", true);
        Interface(tree, "wlan0", "up", true);
        Assert.True(new NetworkPresence(tree.Root).IsUp());
    }

    [Fact]
    public void VirtualInterfacesDoNot()
    {
        using var tree = new TempTree();
        Interface(tree, "lo", "unknown", false);
        Interface(tree, "br0", "up", false);
        Interface(tree, "eth0", "down", true);
        Assert.False(new NetworkPresence(tree.Root).IsUp());
    }

    [Fact]
    public void WithoutSysTheAnswerIsUnknown()
    {
        using var tree = new TempTree();
        Assert.Null(new NetworkPresence(tree.Root).IsUp());
    }
}
