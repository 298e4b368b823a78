namespace NodeAgent.Feedback;

/// <summary>Lays text lines into an SSD1306 frame: one line per 8-pixel page, 6-pixel cells (a 5-pixel glyph and a gap).</summary>
internal static class TextFrame
{
    public const int CellWidth = Font5x7.Width + 1;
    public const int Columns = Ssd1306Panel.Width / CellWidth;
    public const int Rows = Ssd1306Panel.Pages;

    /// <summary>Renders up to <see cref="Rows"/> lines, each cut at <see cref="Columns"/> characters, into <paramref name="frame"/>.</summary>
    public static void Render(IReadOnlyList<string> lines, Span<byte> frame)
    {
        frame.Clear();
        for (var row = 0; row < Math.Min(lines.Count, Rows); row++)
        {
            var line = lines[row];
            for (var col = 0; col < Math.Min(line.Length, Columns); col++)
            {
                Font5x7.Glyph(line[col]).CopyTo(frame.Slice(row * Ssd1306Panel.Width + col * CellWidth, Font5x7.Width));
            }
        }
    }
}
