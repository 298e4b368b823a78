namespace NodeAgent.Contracts;

/// <summary>One LED the agent drives.</summary>
/// <param name="Name">Where it is (<c>ACT</c>, <c>gpiochip0 line 18</c>).</param>
/// <param name="Role"><c>status</c>, <c>power</c> or <c>alert</c>.</param>
/// <param name="Colour">Its colour.</param>
/// <param name="Pattern">Pattern it shows now.</param>
/// <param name="Method">How: a kernel trigger, <c>software</c>, or a failure.</param>
public sealed record FeedbackLed(string Name, string Role, string Colour, string Pattern, string Method);
