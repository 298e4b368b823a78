namespace NodeAgent.Hosting;

/// <summary>The daemon cannot start; the message names the cause and the fix.</summary>
internal sealed class AgentStartException(string message, Exception? inner) : Exception(message, inner);
