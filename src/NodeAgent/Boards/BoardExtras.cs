namespace NodeAgent.Boards;

/// <summary>Optional add-on outputs a builder may fit.</summary>
public sealed record BoardExtras
{
    /// <summary>Free-text remark for people editing the file.</summary>
    public string? Note { get; set; }

    /// <summary>An RGB LED on three GPIO lines.</summary>
    public RgbLed? Rgb { get; set; }

    /// <summary>A WS2812 strip on an SPI bus.</summary>
    public Ws2812Strip? Ws2812 { get; set; }

    /// <summary>An SSD1306 OLED on an I²C bus.</summary>
    public Ssd1306Display? Ssd1306 { get; set; }
}
