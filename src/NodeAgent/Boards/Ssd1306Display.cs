namespace NodeAgent.Boards;

/// <summary>An SSD1306 OLED display.</summary>
/// <param name="I2cBus">N of <c>/dev/i2c-N</c>.</param>
/// <param name="Address">7-bit I²C address, usually 60 (0x3C) or 61 (0x3D).</param>
public sealed record Ssd1306Display(int I2cBus, int Address);
