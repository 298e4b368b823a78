namespace NodeAgent.Contracts;

/// <summary>One extra output (<c>Feedback:Extras</c>) the agent found and drives.</summary>
/// <param name="Kind"><c>rgb</c>, <c>ws2812</c> or <c>ssd1306</c>.</param>
/// <param name="Name">Where it is (<c>/dev/spidev0.0, 8 LEDs</c>).</param>
/// <param name="Showing">What it shows now (<c>heartbeat green</c>, <c>status screen (healthy)</c>), or why it failed.</param>
public sealed record FeedbackExtra(string Kind, string Name, string Showing);
