namespace NodeAgent.Contracts;

/// <summary><c>GET /api/v1/feedback</c>: what the node's light says and what feedback hardware it has.</summary>
/// <param name="State">Node state in kebab case (<c>healthy</c>, <c>no-network</c>, <c>factory-reset-countdown</c>…).</param>
/// <param name="Reason">Why, in plain words.</param>
/// <param name="Pattern">Pattern of the status LED (<c>heartbeat</c>, <c>blink</c>…).</param>
/// <param name="Timing">Its rhythm, e.g. <c>250/250 ms</c>.</param>
/// <param name="Board">Board profile id in use; null when none fits.</param>
/// <param name="BoardReason">Why that board was chosen.</param>
/// <param name="Leds">LEDs found and driven.</param>
/// <param name="Button">Where the button is read; null when there is none.</param>
/// <param name="Missing">Feedback hardware that is absent or unusable, one line each.</param>
/// <param name="IdentifyUntil">End of the current identify request.</param>
/// <param name="PairingUntil">End of the open pairing window.</param>
/// <param name="ResetCountdownSeconds">Seconds left before a factory reset, while the button is held.</param>
/// <param name="Extras">Extra outputs (RGB LED, WS2812 strip, SSD1306 display) fitted, found and driven.</param>
public sealed record FeedbackStatus(
    string State,
    string Reason,
    string Pattern,
    string Timing,
    string? Board,
    string BoardReason,
    IReadOnlyList<FeedbackLed> Leds,
    string? Button,
    IReadOnlyList<string> Missing,
    DateTimeOffset? IdentifyUntil,
    DateTimeOffset? PairingUntil,
    int? ResetCountdownSeconds,
    IReadOnlyList<FeedbackExtra>? Extras = null);
