namespace NodeAgent.Boards;

/// <summary>The profile the agent uses, and why, in words fit for the log and the API.</summary>
/// <param name="Profile">The profile, or null when none fits (the agent then runs without LEDs or button).</param>
/// <param name="Reason">Why this one: configured, which string matched which pattern, or the fallback.</param>
/// <param name="Problem">Set when the configuration named a board that does not exist.</param>
internal sealed record BoardChoice(BoardProfile? Profile, string Reason, string? Problem = null);
