using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// The SSD1306 status screen: node name, state and why, address, free RAM and disk use. The text is rebuilt at each
/// evaluation but the display is written only when the text changes, so an idle node sends nothing over I²C; the
/// numbers are coarse (RAM in 5 % steps, disk in whole percent) so that jitter does not redraw.
/// </summary>
internal sealed class StatusScreen(Ssd1306Panel panel, string name, Func<ScreenFacts> facts) : IExtraOutput
{
    private readonly byte[] _frame = new byte[Ssd1306Panel.FrameBytes];
    private string[] _text = [];
    private StateView? _shown;

    public ExtraOutputs Kind => ExtraOutputs.Ssd1306;

    public string Name => name;

    public string Showing => _shown is { } shown ? $"status screen ({NodeStateNames.Of(shown.State)})" : "blank";

    public void Show(StateView view)
    {
        var text = Lines(view, facts());
        if (text.AsSpan().SequenceEqual(_text))
        {
            return;
        }
        TextFrame.Render(text, _frame);
        try
        {
            panel.Draw(_frame);
        }
        catch (IOException e)
        {
            throw new LedWriteException($"SSD1306 display on {name}: write failed ({e.Message}); check its wiring and `i2cdetect -y` for its address", e);
        }
        _text = text;
        _shown = view;
    }

    /// <summary>The screen's eight lines (each cut to 21 characters when drawn).</summary>
    internal static string[] Lines(StateView view, ScreenFacts facts)
    {
        var (reason1, reason2) = Wrap(view.Reason, TextFrame.Columns);
        return
        [
            facts.NodeName,
            NodeStateNames.Of(view.State).Replace('-', ' ').ToUpperInvariant(),
            reason1,
            reason2,
            "",
            facts.Address ?? "no address",
            facts.MemoryAvailablePercent is { } ram ? string.Create(CultureInfo.InvariantCulture, $"RAM  {Math.Floor(ram / 5) * 5:0}% free") : "RAM  -",
            facts.DiskUsedPercent is { } disk ? string.Create(CultureInfo.InvariantCulture, $"disk {Math.Round(disk):0}% used") : "disk -",
        ];
    }

    /// <summary>Two lines of at most <paramref name="width"/>, broken at a space where one is near.</summary>
    private static (string, string) Wrap(string text, int width)
    {
        if (text.Length <= width)
        {
            return (text, "");
        }
        var cut = text.LastIndexOf(' ', width);
        cut = cut < width / 2 ? width : cut;
        return (text[..cut], text[cut..].TrimStart());
    }

    public void Dispose() => panel.Dispose();
}
