using NodeAgent.Boards;

namespace NodeAgent.Tests.Boards;

public class BoardDetectorTests
{
    private static readonly BoardCatalog Catalog = BoardCatalog.LoadDefault();

    [Theory]
    // Raspberry Pi firmware style (revision appended) and mainline device trees as Debian's kernel has them.
    [InlineData("Raspberry Pi 3 Model B Rev 1.2", "rpi3b")]
    [InlineData("Raspberry Pi 3 Model B", "rpi3b")]
    [InlineData("Raspberry Pi 3 Model B Plus Rev 1.3", "rpi3bplus")]
    [InlineData("Raspberry Pi 3 Model B+", "rpi3bplus")]
    [InlineData("Raspberry Pi 4 Model B Rev 1.4", "rpi4b")]
    [InlineData("Raspberry Pi 4 Model B", "rpi4b")]
    [InlineData("Raspberry Pi Zero 2 W Rev 1.0", "rpizero2w")]
    [InlineData("Raspberry Pi Zero 2 W", "rpizero2w")]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0", "rpi5")]
    public void RecognisesEachPiByItsDeviceTreeModel(string model, string expected)
    {
        var choice = BoardDetector.Choose(Catalog, null, new HardwareIdentity(model, [], null), BoardArch.Arm64);
        Assert.Equal(expected, choice.Profile?.Id);
        Assert.StartsWith($"device-tree model '{model}' matches", choice.Reason, StringComparison.Ordinal);
        Assert.Null(choice.Problem);
    }

    [Theory]
    [InlineData("raspberrypi,4-model-b", "rpi4b")]
    [InlineData("raspberrypi,3-model-b-plus", "rpi3bplus")]
    [InlineData("raspberrypi,model-zero-2-w", "rpizero2w")]
    [InlineData("linux,dummy-virt", "qemu-arm64")]
    public void FallsBackToTheCompatibleListWithoutAModel(string compatible, string expected)
    {
        var choice = BoardDetector.Choose(Catalog, null, new HardwareIdentity(null, [compatible, "brcm,bcm2711"], null), BoardArch.Arm64);
        Assert.Equal(expected, choice.Profile?.Id);
        Assert.Equal($"device-tree compatible '{compatible}' matches '{compatible}'", choice.Reason);
    }

    [Theory]
    [InlineData("apu2", "apu2")]
    [InlineData("APU2", "apu2")]
    [InlineData("PC Engines apu2", "apu2")]
    [InlineData("Standard PC (Q35 + ICH9, 2009)", "qemu-x86-64")]
    [InlineData("Standard PC (i440FX + PIIX, 1996)", "qemu-x86-64")]
    public void RecognisesX86BoardsByDmiProductName(string product, string expected)
    {
        var choice = BoardDetector.Choose(Catalog, null, new HardwareIdentity(null, [], product), BoardArch.Amd64);
        Assert.Equal(expected, choice.Profile?.Id);
        Assert.StartsWith($"DMI product '{product}' matches", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RecognisesQemuArm64BootedThroughUefiByDmi() =>
        Assert.Equal("qemu-arm64", BoardDetector.Choose(Catalog, null, new HardwareIdentity(null, [], "QEMU Virtual Machine"), BoardArch.Arm64).Profile?.Id);

    [Theory]
    [InlineData(BoardArch.Amd64, "generic-x86-64")]
    [InlineData(BoardArch.Arm64, "generic-arm64")]
    public void UnknownHardwareGetsTheArchitecturesFallbackAndSaysWhatItSaw(BoardArch arch, string expected)
    {
        var hardware = new HardwareIdentity("Pine64 RockPro64", [], "OptiPlex 3080");
        var choice = BoardDetector.Choose(Catalog, null, hardware, arch);
        Assert.Equal(expected, choice.Profile?.Id);
        Assert.Equal($"no profile matches device-tree model 'Pine64 RockPro64'; DMI product 'OptiPlex 3080'; {expected} is the fallback for {(arch == BoardArch.Amd64 ? "amd64" : "arm64")}", choice.Reason);
    }

    [Fact]
    public void TheModelIsPreferredOverDmi()
    {
        var choice = BoardDetector.Choose(Catalog, null, new HardwareIdentity("Raspberry Pi 4 Model B Rev 1.5", [], "apu2"), BoardArch.Arm64);
        Assert.Equal("rpi4b", choice.Profile?.Id);
    }

    [Fact]
    public void TheConfiguredBoardWinsOverDetection()
    {
        var choice = BoardDetector.Choose(Catalog, "rpi3b", new HardwareIdentity("Raspberry Pi 4 Model B Rev 1.4", [], null), BoardArch.Arm64);
        Assert.Equal("rpi3b", choice.Profile?.Id);
        Assert.Equal("configured: Node:Board is 'rpi3b'", choice.Reason);
        Assert.Null(choice.Problem);
    }

    [Fact]
    public void AnUnknownConfiguredBoardIsReportedAndDetectionStillChooses()
    {
        var choice = BoardDetector.Choose(Catalog, "rpi9", new HardwareIdentity("Raspberry Pi 4 Model B Rev 1.4", [], null), BoardArch.Arm64);
        Assert.Equal("rpi4b", choice.Profile?.Id);
        Assert.EndsWith("(Node:Board 'rpi9' is unknown)", choice.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Node:Board names board 'rpi9', which is not among the profiles (apu2, generic-arm64,", choice.Problem, StringComparison.Ordinal);
        Assert.EndsWith("fix the name or remove it to detect the board", choice.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAFallbackNothingIsChosenAndTheReasonSaysSo()
    {
        var catalog = BoardCatalog.Load(FilesExcept("generic-arm64"));
        var choice = BoardDetector.Choose(catalog, null, new HardwareIdentity(null, [], null), BoardArch.Arm64);
        Assert.Null(choice.Profile);
        Assert.Equal("no profile matches no device tree and no DMI product name and none is the fallback for arm64", choice.Reason);
    }

    [Fact]
    public void TheMoreLiteralPatternWinsAcrossProfiles()
    {
        var loose = BoardCatalogTests.Valid("aaa-loose").Replace("\"deviceTreeModels\": [\"Test Board\"]", "\"deviceTreeModels\": [\"Raspberry Pi 4*\"]", StringComparison.Ordinal);
        var catalog = BoardCatalog.Load([new BoardFile("x", "aaa-loose.json", loose), .. BoardFiles.BuiltIn()]);
        Assert.Empty(catalog.Errors);
        var choice = BoardDetector.Choose(catalog, null, new HardwareIdentity("Raspberry Pi 4 Model B Rev 1.4", [], null), BoardArch.Arm64);
        Assert.Equal("rpi4b", choice.Profile?.Id);
    }

    private static IEnumerable<BoardFile> FilesExcept(string id) => BoardFiles.BuiltIn().Where(f => f.FileName != id + ".json");
}
