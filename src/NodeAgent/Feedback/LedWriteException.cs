namespace NodeAgent.Feedback;

/// <summary>An LED could not be driven; the message names the LED, the cause and the fix.</summary>
internal sealed class LedWriteException(string message, Exception? inner) : Exception(message, inner);
