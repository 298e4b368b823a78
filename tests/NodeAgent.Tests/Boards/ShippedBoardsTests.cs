using NodeAgent.Boards;

namespace NodeAgent.Tests.Boards;

public class ShippedBoardsTests
{
    private static readonly string[] Expected =
        ["apu2", "generic-arm64", "generic-x86-64", "qemu-arm64", "qemu-x86-64", "rpi3b", "rpi3bplus", "rpi4b", "rpi5", "rpizero2w"];

    [Fact]
    public void EveryFileInTheRepositoryLoadsWithoutErrors()
    {
        var errors = new List<BoardFileError>();
        var catalog = BoardCatalog.Load(BoardFiles.FromDirectory(RepositoryFiles.BoardsDirectory, errors), errors);
        Assert.Empty(catalog.Errors);
        Assert.Equal(Expected, catalog.Ids);
    }

    [Fact]
    public void TheBinaryEmbedsExactlyTheRepositoryFiles()
    {
        var builtIn = BoardFiles.BuiltIn().ToDictionary(f => f.FileName, f => f.Json);
        var onDisk = Directory.GetFiles(RepositoryFiles.BoardsDirectory, "*.json").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        Assert.Equal(onDisk.Keys.Order(), builtIn.Keys.Order());
        foreach (var (name, json) in onDisk)
        {
            Assert.Equal(json, builtIn[name]);
        }
    }

    [Fact]
    public void LoadDefaultUsesTheBuiltInProfilesWhenThereIsNoLocalDirectory()
    {
        var catalog = BoardCatalog.LoadDefault(Path.Join(Path.GetTempPath(), "no-such-boards-dir-" + Guid.NewGuid()));
        Assert.Empty(catalog.Errors);
        Assert.Equal(Expected, catalog.Ids);
    }

    [Fact]
    public void ALocalFileReplacesTheBuiltInOneAndSaysSo()
    {
        using var tree = new TempTree();
        var rpi4 = File.ReadAllText(Path.Join(RepositoryFiles.BoardsDirectory, "rpi4b.json")).Replace("\"ramMb\": 2048", "\"ramMb\": 8192", StringComparison.Ordinal);
        tree.Write("rpi4b.json", rpi4);
        var catalog = BoardCatalog.LoadDefault(tree.Root);
        Assert.Equal(8192, catalog.Find("rpi4b")!.Resources.RamMb);
        Assert.Equal([$"{tree.PathOf("rpi4b.json")} replaces built-in:rpi4b.json"], catalog.Replaced);
    }

    [Fact]
    public void ThePi5IsMarkedUnbootableWithTheReason()
    {
        var pi5 = BoardCatalog.LoadDefault().Find("rpi5")!;
        Assert.False(pi5.Image.Bootable);
        Assert.Contains("bookworm", pi5.Image.Note, StringComparison.Ordinal);
        Assert.All(BoardCatalog.LoadDefault().Profiles.Where(p => p.Id != "rpi5"), p => Assert.True(p.Image.Bootable, p.Id));
    }

    [Fact]
    public void TheApu2HasThreeFrontLedsUnderBothKernelNamesAndItsResetKey()
    {
        var apu = BoardCatalog.LoadDefault().Find("apu2")!;
        Assert.Equal(3, apu.Leds.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([$"apu:green:{i + 1}", $"apu2:green:{i + 1}"], apu.Leds[i].Sysfs!);
        }
        Assert.Equal(new InputKey("gpio-keys-polled", 408), apu.Button!.Input);
        Assert.Equal(PartitionLayout.GptUefiBios, apu.Image.PartitionLayout);
    }

    [Fact]
    public void RaspberryPisUseTheRaspiLayoutAndTheConventionalButtonLine()
    {
        foreach (var pi in BoardCatalog.LoadDefault().Profiles.Where(p => p.Id.StartsWith("rpi", StringComparison.Ordinal)))
        {
            Assert.Equal(PartitionLayout.MbrRaspi, pi.Image.PartitionLayout);
            Assert.Contains("raspi-firmware", pi.Image.Firmware);
            Assert.Equal(BoardArch.Arm64, pi.Arch);
            Assert.Equal(new GpioLine(0, 17), pi.Button!.Gpio);
            Assert.Equal(LedRole.Status, pi.Leds[0].Role);
            Assert.Equal(["ACT", "led0"], pi.Leds[0].Sysfs!);
        }
    }

    [Fact]
    public void ExactlyOneFallbackPerArchitecture()
    {
        var fallbacks = BoardCatalog.LoadDefault().Profiles.Where(p => p.Detection.Fallback).ToList();
        Assert.Equal(["generic-arm64", "generic-x86-64"], fallbacks.Select(p => p.Id));
        Assert.Equal([BoardArch.Arm64, BoardArch.Amd64], fallbacks.Select(p => p.Arch));
    }

    [Fact]
    public void TheRpi4ExtrasDescribeRgbStripAndDisplay()
    {
        var extras = BoardCatalog.LoadDefault().Find("rpi4b")!.Extras!;
        Assert.Equal(new RgbLed(new GpioLine(0, 22), new GpioLine(0, 23), new GpioLine(0, 24)), extras.Rgb);
        Assert.Equal(new Ws2812Strip(0, 0, 8), extras.Ws2812);
        Assert.Equal(new Ssd1306Display(1, 0x3C), extras.Ssd1306);
    }
}
