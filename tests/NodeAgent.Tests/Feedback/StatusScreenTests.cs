using System.Device.I2c;
using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public sealed class StatusScreenTests : IDisposable
{
    private readonly RecordingI2cDevice _i2c = new(new I2cConnectionSettings(1, 0x3C));
    private ScreenFacts _facts = new("node-7", "10.1.2.3", 61.5, 23.4);

    public void Dispose() => _i2c.Dispose();

    private StatusScreen Open() => new(new Ssd1306Panel(_i2c), "/dev/i2c-1 address 0x3C", () => _facts);

    private static StateView View(NodeState state, string reason = "all checks pass") => StateView.Of(new StateVerdict(state, reason));

    /// <summary>The 1024 frame bytes of the last frame written (a write starting 0x40).</summary>
    private byte[] LastFrame() => _i2c.Writes.Last(w => w[0] == 0x40)[1..];

    private static bool Pixel(byte[] frame, int x, int y) => ((frame[(y / 8 * 128) + x] >> (y % 8)) & 1) == 1;

    /// <summary>The 6×8 cell at text row and column as art: '#' lit, '.' dark.</summary>
    private static string[] Cell(byte[] frame, int row, int col) =>
        [.. Enumerable.Range(row * 8, 8).Select(y => new string([.. Enumerable.Range(col * 6, 6).Select(x => Pixel(frame, x, y) ? '#' : '.')]))];

    /// <summary>Reads the text back by matching every cell against the font (blank cells read as spaces).</summary>
    private static string[] Read(byte[] frame)
    {
        var lines = new string[8];
        for (var row = 0; row < 8; row++)
        {
            var chars = new char[21];
            for (var col = 0; col < 21; col++)
            {
                var cell = frame.AsSpan(row * 128 + col * 6, 6).ToArray();
                Assert.Equal(0, cell[5]);
                chars[col] = Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).First(c => Font5x7.Glyph(c).SequenceEqual(cell.AsSpan(0, 5)));
            }
            lines[row] = new string(chars).TrimEnd();
        }
        return lines;
    }

    [Fact]
    public void TheControllerIsSetUpClearedAndSwitchedOn()
    {
        using var screen = Open();
        Assert.Equal(4, _i2c.Writes.Count);
        Assert.Equal(
            new byte[] { 0x00, 0xAE, 0xD5, 0x80, 0xA8, 0x3F, 0xD3, 0x00, 0x40, 0x8D, 0x14, 0x20, 0x00, 0xA1, 0xC8, 0xDA, 0x12, 0x81, 0x8F, 0xD9, 0xF1, 0xDB, 0x40, 0xA4, 0xA6, 0x2E },
            _i2c.Writes[0]);
        Assert.Equal(new byte[] { 0x00, 0x21, 0, 127, 0x22, 0, 7 }, _i2c.Writes[1]);
        Assert.Equal([0x40, .. new byte[1024]], _i2c.Writes[2]);
        Assert.Equal(new byte[] { 0x00, 0xAF }, _i2c.Writes[3]);
    }

    [Fact]
    public void TheScreenShowsNameStateReasonAddressAndResources()
    {
        using var screen = Open();
        screen.Show(View(NodeState.NoDiscovery, "not connected to the community's discovery (serf down)"));
        Assert.Equal(new byte[] { 0x00, 0x21, 0, 127, 0x22, 0, 7 }, _i2c.Writes[^2]);
        Assert.Equal(
            ["node-7", "NO DISCOVERY", "not connected to the", "community's discovery", "", "10.1.2.3", "RAM  60% free", "disk 23% used"],
            Read(LastFrame()));
        Assert.Equal("status screen (no-discovery)", screen.Showing);
    }

    [Fact]
    public void GlyphsLandOnTheirPixels()
    {
        using var screen = Open();
        screen.Show(View(NodeState.Healthy));
        // The H of HEALTHY: row 1 (pixel rows 8-15), column 0, drawn here by hand, independent of the font table.
        Assert.Equal(
            ["#...#.", "#...#.", "#...#.", "#####.", "#...#.", "#...#.", "#...#.", "......"],
            Cell(LastFrame(), 1, 0));
        // The 7 of node-7 in column 5 of row 0.
        Assert.Equal(
            ["#####.", "....#.", "...#..", "..#...", ".#....", ".#....", ".#....", "......"],
            Cell(LastFrame(), 0, 5));
    }

    [Fact]
    public void AnUnchangedScreenWritesNothing()
    {
        using var screen = Open();
        screen.Show(View(NodeState.Healthy));
        var count = _i2c.Writes.Count;
        screen.Show(View(NodeState.Healthy));
        _facts = _facts with { MemoryAvailablePercent = 63.9, DiskUsedPercent = 23.1 }; // same 5 % step, same whole percent
        screen.Show(View(NodeState.Healthy));
        Assert.Equal(count, _i2c.Writes.Count);

        _facts = _facts with { MemoryAvailablePercent = 54.0 };
        screen.Show(View(NodeState.Healthy));
        Assert.Equal(count + 2, _i2c.Writes.Count);
        Assert.Equal("RAM  50% free", Read(LastFrame())[6]);
    }

    [Fact]
    public void LongTextIsCutAndUnknownCharactersShowAsQuestionMarks()
    {
        _facts = new ScreenFacts("a-very-long-node-name-indeed", null, null, null);
        using var screen = Open();
        screen.Show(View(NodeState.Degraded, "disk 96% full · storage"));
        var lines = Read(LastFrame());
        Assert.Equal("a-very-long-node-name", lines[0]);
        Assert.Equal("disk 96% full ? storage", lines[2] + " " + lines[3]);
        Assert.Equal(["no address", "RAM  -", "disk -"], lines[5..]);
    }

    [Fact]
    public void AFailedWriteIsAnLedWriteExceptionAndIsRetriedOnTheNextChange()
    {
        using var screen = Open();
        _i2c.Nack = true;
        var e = Assert.Throws<LedWriteException>(() => screen.Show(View(NodeState.Healthy)));
        Assert.StartsWith("SSD1306 display on /dev/i2c-1 address 0x3C: write failed (Error 121", e.Message, StringComparison.Ordinal);
        _i2c.Nack = false;
        screen.Show(View(NodeState.Healthy));
        Assert.Equal("HEALTHY", Read(LastFrame())[1]);
    }

    [Fact]
    public void StoppingBlanksTheGlassAndSwitchesItOff()
    {
        var screen = Open();
        screen.Show(View(NodeState.Healthy));
        screen.Dispose();
        Assert.Equal(new byte[1024], LastFrame());
        Assert.Equal(new byte[] { 0x00, 0xAE }, _i2c.Writes[^1]);
        Assert.True(_i2c.Disposed);
    }
}
