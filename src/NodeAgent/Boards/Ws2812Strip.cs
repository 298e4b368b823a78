namespace NodeAgent.Boards;

/// <summary>A WS2812 strip driven through SPI MOSI.</summary>
/// <param name="SpiBus">N of <c>/dev/spidevN.M</c>.</param>
/// <param name="ChipSelect">M of <c>/dev/spidevN.M</c>.</param>
/// <param name="Count">Number of LEDs on the strip.</param>
public sealed record Ws2812Strip(int SpiBus, int ChipSelect, int Count);
