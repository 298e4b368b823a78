namespace NodeAgent.Boards;

/// <summary>
/// One supported board, as <c>boards/&lt;id&gt;.json</c> describes it. The agent reads it for LEDs and
/// the button; the image build reads it for the kernel, firmware and partition layout.
/// The format is documented field by field in <c>boards/README.md</c>.
/// </summary>
public sealed record BoardProfile
{
    /// <summary>Short id, equal to the file name without <c>.json</c> (a-z, 0-9, '-').</summary>
    public required string Id { get; init; }

    /// <summary>Human name.</summary>
    public required string Name { get; init; }

    /// <summary>CPU architecture of the image and agent binary.</summary>
    public required BoardArch Arch { get; init; }

    /// <summary>How the agent recognises the board.</summary>
    public required BoardDetection Detection { get; init; }

    /// <summary>LEDs the agent may drive; empty when the board has none it can use.</summary>
    public IReadOnlyList<BoardLed> Leds { get; set; } = [];

    /// <summary>The button, or null when the board has none.</summary>
    public BoardButton? Button { get; set; }

    /// <summary>Optional add-on outputs (RGB LED, WS2812 strip, SSD1306 display).</summary>
    public BoardExtras? Extras { get; set; }

    /// <summary>How much the board can host.</summary>
    public required BoardResources Resources { get; init; }

    /// <summary>What the image build needs for this board.</summary>
    public required BoardImage Image { get; init; }

    /// <summary>Free-text remarks (wiring conventions, caveats).</summary>
    public string? Note { get; set; }
}
