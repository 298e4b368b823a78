namespace NodeAgent.Boards;

/// <summary>An RGB LED, one GPIO line per colour.</summary>
public sealed record RgbLed(GpioLine Red, GpioLine Green, GpioLine Blue, ActiveLevel ActiveLevel = ActiveLevel.High);
