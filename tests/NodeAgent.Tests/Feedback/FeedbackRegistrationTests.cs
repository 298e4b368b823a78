using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Configuration;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public class FeedbackRegistrationTests
{
    [Fact]
    public void TheBoardIsDetectedUnderTheHostRootAndItsLedsOpened()
    {
        using var tree = new TempTree();
        tree.Write("proc/device-tree/model", "Raspberry Pi Zero 2 W Rev 1.0\0");
        tree.Write("sys/class/leds/ACT/trigger", "none [mmc0] timer heartbeat\n");
        var options = new AgentOptions { NodeName = "n", DataDir = tree.Root, SocketPath = tree.PathOf("s"), HostRoot = tree.Root };
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddFeedback(options, TimeProvider.System);
        using var provider = services.BuildServiceProvider();
        var choice = provider.GetRequiredService<BoardChoice>();
        Assert.Equal("rpizero2w", choice.Profile?.Id);
        var devices = provider.GetRequiredService<FeedbackDevices>();
        Assert.Equal(["ACT"], devices.Leds.Select(l => l.Led.Name));
    }

    [Fact]
    public void TheConfiguredBoardIsUsed()
    {
        using var tree = new TempTree();
        var options = new AgentOptions { NodeName = "n", DataDir = tree.Root, SocketPath = tree.PathOf("s"), HostRoot = tree.Root, Board = "qemu-arm64" };
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        using var provider = services.AddFeedback(options, TimeProvider.System).BuildServiceProvider();
        Assert.Equal("configured: Node:Board is 'qemu-arm64'", provider.GetRequiredService<BoardChoice>().Reason);
    }
}
