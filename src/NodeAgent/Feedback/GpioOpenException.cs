namespace NodeAgent.Feedback;

/// <summary>A GPIO chip could not be opened; the message names the chip, the cause and the fix.</summary>
internal sealed class GpioOpenException(string message, Exception? inner) : Exception(message, inner);
