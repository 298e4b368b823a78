using NodeAgent.Boards;

namespace NodeAgent.Tests.Boards;

public class BoardCatalogTests
{
    /// <summary>A minimal valid profile for id <paramref name="id"/>; tests break one thing in it.</summary>
    internal static string Valid(string id) => $$"""
        {
          "id": "{{id}}",
          "name": "Test board",
          "arch": "arm64",
          "detection": { "deviceTreeModels": ["Test Board"] },
          "leds": [ { "role": "status", "colour": "green", "sysfs": ["ACT"] } ],
          "button": { "gpio": { "chip": 0, "line": 17 }, "pull": "up", "activeLevel": "low" },
          "resources": { "class": "small", "ramMb": 512 },
          "image": { "kernel": "linux-image-arm64", "partitionLayout": "mbr-raspi" }
        }
        """;

    private static BoardCatalog LoadOne(string json, string fileName = "test.json") =>
        BoardCatalog.Load([new BoardFile($"/etc/nodeagent/boards/{fileName}", fileName, json), new BoardFile("built-in:other.json", "other.json", Valid("other"))]);

    private static string ErrorFor(string json, string fileName = "test.json")
    {
        var catalog = LoadOne(json, fileName);
        // The good file beside the bad one always loads.
        Assert.Equal(["other"], catalog.Ids);
        var error = Assert.Single(catalog.Errors);
        Assert.Equal($"/etc/nodeagent/boards/{fileName}", error.Origin);
        return error.Message;
    }

    private static string Edit(string from, string to)
    {
        var valid = Valid("test");
        Assert.Contains(from, valid, StringComparison.Ordinal);
        return valid.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void TheValidTemplateLoads()
    {
        var catalog = LoadOne(Valid("test"));
        Assert.Empty(catalog.Errors);
        Assert.Equal(["other", "test"], catalog.Ids);
        var test = catalog.Find("test")!;
        Assert.Equal(ActiveLevel.Low, test.Button!.ActiveLevel);
        Assert.Equal(ActiveLevel.High, test.Leds[0].ActiveLevel);
        Assert.True(test.Image.Bootable);
    }

    [Fact]
    public void BrokenJsonNamesTheLine() =>
        Assert.StartsWith("line 5: '\"' is invalid after a value", ErrorFor(Edit("\"arch\": \"arm64\",", "\"arch\": \"arm64\"")), StringComparison.Ordinal);

    [Fact]
    public void CommentsAreRejectedBecauseJqReadsTheSameFiles() =>
        Assert.StartsWith("line 2", ErrorFor(Edit("\"id\"", "// the id\n  \"id\"")), StringComparison.Ordinal);

    [Fact]
    public void AMisspeltPropertyIsReportedNotIgnored()
    {
        var message = ErrorFor(Edit("\"colour\"", "\"color\""));
        Assert.Contains("at $.leds[0].color", message, StringComparison.Ordinal);
        Assert.Contains("could not be mapped", message, StringComparison.Ordinal);
        Assert.EndsWith("(the format is in boards/README.md)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"arch\": \"arm64\"", "\"arch\": \"armhf\"", "$.arch", "amd64, arm64")]
    [InlineData("\"role\": \"status\"", "\"role\": \"heartbeat\"", "$.leds[0].role", "status, power, alert")]
    [InlineData("\"colour\": \"green\"", "\"colour\": \"purple\"", "$.leds[0].colour", "green, red, amber, blue, white")]
    [InlineData("\"pull\": \"up\"", "\"pull\": \"strong\"", "$.button.pull", "up, down, none")]
    [InlineData("\"class\": \"small\"", "\"class\": \"huge\"", "$.resources.class", "small, medium, large")]
    [InlineData("\"partitionLayout\": \"mbr-raspi\"", "\"partitionLayout\": \"gpt\"", "$.image.partitionLayout", "gpt-uefi-bios, mbr-raspi")]
    public void AnUnknownEnumValueListsTheAllowedOnes(string from, string to, string path, string allowed) =>
        Assert.EndsWith($"at {path}: the value must be one of {allowed}", ErrorFor(Edit(from, to)), StringComparison.Ordinal);

    [Fact]
    public void AMissingRequiredPropertyIsNamed() =>
        Assert.Contains("'image'", ErrorFor(Edit(",\n  \"image\": { \"kernel\": \"linux-image-arm64\", \"partitionLayout\": \"mbr-raspi\" }", "")), StringComparison.Ordinal);

    [Fact]
    public void NullIsNotABoard() =>
        Assert.Equal("holds JSON null; it must be one board object (see boards/README.md)", ErrorFor("null"));

    [Fact]
    public void TheIdMustMatchTheFileName() =>
        Assert.Equal("id 'test' differs from the file name; rename the file to test.json or set \"id\": \"mine\"", ErrorFor(Valid("test"), "mine.json"));

    [Fact]
    public void TheIdMustBeLowerCase() =>
        Assert.Equal("id 'Test_1' must be lower-case letters, digits and '-'", ErrorFor(Valid("Test_1"), "Test_1.json"));

    [Fact]
    public void EveryProblemInAFileIsReportedAtOnce()
    {
        var json = Edit("\"sysfs\": [\"ACT\"]", "\"sysfs\": [\"ACT\"], \"gpio\": { \"chip\": 0, \"line\": 4 }")
            .Replace("\"ramMb\": 512", "\"ramMb\": 0", StringComparison.Ordinal)
            .Replace("\"kernel\": \"linux-image-arm64\"", "\"kernel\": \"\"", StringComparison.Ordinal);
        Assert.Equal(
            "leds[0] needs exactly one of 'sysfs' (LED class names) or 'gpio' (chip and line); "
            + "resources.ramMb is 0; give the RAM of the smallest common variant in MiB; "
            + "image.kernel is empty; name the Debian kernel package (e.g. linux-image-arm64)",
            ErrorFor(json));
    }

    [Theory]
    [InlineData("\"sysfs\": [\"ACT\"]", "\"sysfs\": []", "leds[0] needs exactly one of 'sysfs' (LED class names) or 'gpio' (chip and line)")]
    [InlineData("\"sysfs\": [\"ACT\"]", "\"sysfs\": [\"../ACT\"]", "leds[0].sysfs has a name that is empty or holds '/'; give names as listed in /sys/class/leds")]
    [InlineData("\"sysfs\": [\"ACT\"]", "\"gpio\": { \"chip\": 0, \"line\": -1 }", "leds[0].gpio has chip 0, line -1; both must be 0 or more (see `gpioinfo`)")]
    [InlineData("\"gpio\": { \"chip\": 0, \"line\": 17 }, ", "", "button needs exactly one of 'gpio' (a line the agent watches) or 'input' (a kernel input device and key code)")]
    [InlineData("\"gpio\": { \"chip\": 0, \"line\": 17 }, ", "\"gpio\": { \"chip\": 0, \"line\": 17 }, \"input\": { \"deviceName\": \"keys\", \"keyCode\": 408 }, ", "button needs exactly one of 'gpio' (a line the agent watches) or 'input' (a kernel input device and key code)")]
    [InlineData("\"activeLevel\": \"low\"", "\"activeLevel\": \"high\"", "button pull 'up' with activeLevel 'high' never reads as pressed; a pull-up button is active low, a pull-down one active high")]
    [InlineData("\"deviceTreeModels\": [\"Test Board\"]", "\"deviceTreeModels\": []", "detection has no patterns and is not a fallback, so the board can only be chosen by Node:Board; add a pattern or \"fallback\": true")]
    [InlineData("\"deviceTreeModels\": [\"Test Board\"]", "\"deviceTreeModels\": [\"*\"]", "detection pattern '*' matches everything; use \"fallback\": true instead")]
    [InlineData("\"partitionLayout\": \"mbr-raspi\"", "\"partitionLayout\": \"mbr-raspi\", \"bootable\": false", "image.bootable is false without image.note; say why the image cannot boot")]
    [InlineData("\"name\": \"Test board\"", "\"name\": \" \"", "name is empty")]
    public void SemanticProblemsAreExplained(string from, string to, string expected) =>
        Assert.Equal(expected, ErrorFor(Edit(from, to)));

    [Fact]
    public void TwoStatusLedsAreRejected() =>
        Assert.Equal("more than one LED has role 'status'; give the others 'power' or 'alert'",
            ErrorFor(Edit("\"sysfs\": [\"ACT\"] }", "\"sysfs\": [\"ACT\"] }, { \"role\": \"status\", \"colour\": \"red\", \"sysfs\": [\"PWR\"] }")));

    [Fact]
    public void InputButtonsNeedANameAndARealKeyCode() =>
        Assert.Equal(
            "button.input.deviceName is empty; give the N: Name= of /proc/bus/input/devices; button.input.keyCode 0 is not a key code (1 to 767, see linux/input-event-codes.h)",
            ErrorFor(Edit("\"gpio\": { \"chip\": 0, \"line\": 17 }, \"pull\": \"up\", \"activeLevel\": \"low\"", "\"input\": { \"deviceName\": \"\", \"keyCode\": 0 }")));

    [Theory]
    [InlineData("\"ws2812\": { \"spiBus\": 0, \"chipSelect\": 0, \"count\": 0 }", "extras.ws2812 needs spiBus and chipSelect of 0 or more and a count of 1 to 1024 (got 0, 0, 0)")]
    [InlineData("\"ssd1306\": { \"i2cBus\": 1, \"address\": 128 }", "extras.ssd1306 needs an i2cBus of 0 or more and a 7-bit address from 3 to 119 (0x03-0x77); got bus 1, address 128")]
    [InlineData("\"rgb\": { \"red\": { \"chip\": 0, \"line\": 1 }, \"green\": { \"chip\": -1, \"line\": 2 }, \"blue\": { \"chip\": 0, \"line\": 3 } }", "extras.rgb.green has chip -1, line 2; both must be 0 or more (see `gpioinfo`)")]
    public void ExtrasAreChecked(string extra, string expected) =>
        Assert.Equal(expected, ErrorFor(Edit("\"resources\"", $"\"extras\": {{ {extra} }},\n  \"resources\"")));

    [Fact]
    public void UnreadableFilesInADirectoryAreReportedAndTheOthersLoad()
    {
        using var tree = new TempTree();
        tree.Write("good.json", Valid("good"));
        tree.Write("bad.json", "{");
        File.CreateSymbolicLink(tree.PathOf("dangling.json"), tree.PathOf("gone"));
        var errors = new List<BoardFileError>();
        var catalog = BoardCatalog.Load(BoardFiles.FromDirectory(tree.Root, errors), errors);
        Assert.Equal(["good"], catalog.Ids);
        Assert.Equal([tree.PathOf("bad.json"), tree.PathOf("dangling.json")], catalog.Errors.Select(e => e.Origin).Order(StringComparer.Ordinal));
        Assert.StartsWith("cannot be read (", catalog.Errors.Single(e => e.Origin.EndsWith("dangling.json", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }
}
