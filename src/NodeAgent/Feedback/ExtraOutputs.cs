namespace NodeAgent.Feedback;

/// <summary>
/// The optional outputs of a board profile (<c>extras</c>) the owner says are fitted (<c>Feedback:Extras</c>).
/// Nothing is driven because a profile lists it: the profile only says where NodeAgent's default wiring puts it,
/// and a HAT may sit on those pins.
/// </summary>
[Flags]
internal enum ExtraOutputs
{
    None = 0,

    /// <summary>RGB LED on three GPIO lines.</summary>
    Rgb = 1,

    /// <summary>WS2812 strip on SPI.</summary>
    Ws2812 = 2,

    /// <summary>SSD1306 OLED on I²C.</summary>
    Ssd1306 = 4,
}

/// <summary>The names <c>Feedback:Extras</c> takes, which are the profile's <c>extras</c> keys.</summary>
internal static class ExtraOutputNames
{
    public static readonly IReadOnlyList<(string Name, ExtraOutputs Output)> All =
        [("rgb", ExtraOutputs.Rgb), ("ws2812", ExtraOutputs.Ws2812), ("ssd1306", ExtraOutputs.Ssd1306)];

    public static string Of(ExtraOutputs output) => All.First(a => a.Output == output).Name;
}
