namespace NodeAgent.Cli;

/// <summary>The agent could not be asked (<see cref="Rejected"/> false), or said no (true); the message is printed as it is.</summary>
internal sealed class AgentClientException(string message, bool rejected = false) : Exception(message)
{
    public bool Rejected { get; } = rejected;
}
