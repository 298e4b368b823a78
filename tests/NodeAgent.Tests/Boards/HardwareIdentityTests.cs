using NodeAgent.Boards;

namespace NodeAgent.Tests.Boards;

public class HardwareIdentityTests
{
    [Fact]
    public void ReadsDeviceTreeStringsWithTheirNulTerminators()
    {
        using var tree = new TempTree();
        tree.Write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");
        tree.Write("proc/device-tree/compatible", "raspberrypi,4-model-b\0brcm,bcm2711\0");
        var identity = HardwareIdentity.Read(tree.Root);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", identity.DeviceTreeModel);
        Assert.Equal(["raspberrypi,4-model-b", "brcm,bcm2711"], identity.DeviceTreeCompatible);
        Assert.Null(identity.DmiProductName);
        Assert.Equal("device-tree model 'Raspberry Pi 4 Model B Rev 1.4'; device-tree compatible 'raspberrypi,4-model-b, brcm,bcm2711'", identity.Describe());
    }

    [Fact]
    public void ReadsDmiWithItsNewlineAndPadding()
    {
        using var tree = new TempTree();
        tree.Write("sys/class/dmi/id/product_name", "apu2  \n");
        var identity = HardwareIdentity.Read(tree.Root);
        Assert.Equal(new HardwareIdentity(null, [], "apu2").DmiProductName, identity.DmiProductName);
        Assert.Null(identity.DeviceTreeModel);
        Assert.Empty(identity.DeviceTreeCompatible);
    }

    [Fact]
    public void AnEmptyTreeIsNothingNotAnError()
    {
        using var tree = new TempTree();
        tree.Write("sys/class/dmi/id/product_name", "\n");
        var identity = HardwareIdentity.Read(tree.Root);
        Assert.Null(identity.DmiProductName);
        Assert.Equal("no device tree and no DMI product name", identity.Describe());
    }

    [Fact]
    public void DetectionRunsEndToEndFromAFixtureRoot()
    {
        using var tree = new TempTree();
        tree.Write("proc/device-tree/compatible", "linux,dummy-virt\0");
        var choice = BoardDetector.Choose(BoardCatalog.LoadDefault(), "", HardwareIdentity.Read(tree.Root), BoardArch.Arm64);
        Assert.Equal("qemu-arm64", choice.Profile?.Id);
    }
}
