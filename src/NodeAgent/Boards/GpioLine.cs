namespace NodeAgent.Boards;

/// <summary>A line on a GPIO chip (<c>/dev/gpiochipN</c>), as libgpiod numbers it.</summary>
/// <param name="Chip">Chip number N of <c>/dev/gpiochipN</c>.</param>
/// <param name="Line">Line offset on that chip (on a Raspberry Pi, the BCM GPIO number).</param>
public sealed record GpioLine(int Chip, int Line);
