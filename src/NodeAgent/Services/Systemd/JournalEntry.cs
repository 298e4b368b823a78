namespace NodeAgent.Services.Systemd;

/// <summary>One journal line of a unit.</summary>
/// <param name="Time">When it was logged (the journal's realtime timestamp).</param>
/// <param name="Priority">syslog priority 0 (emerg) - 7 (debug), null when the entry has none.</param>
/// <param name="Identifier">Who logged it (<c>SYSLOG_IDENTIFIER</c>, e.g. the program or <c>systemd</c>).</param>
/// <param name="Message">The text; binary messages are decoded as UTF-8 with replacement characters.</param>
public sealed record JournalEntry(DateTimeOffset Time, int? Priority, string? Identifier, string Message);
