namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A Serf RPC call failed: the agent refused it (its error text is in the message), the connection
/// broke, or the agent sent something this client will not read. The message names the agent's
/// address, the cause and what to check next, and is fit to log or print as it is.
/// </summary>
internal sealed class SerfException : Exception
{
    public SerfException(string message) : base(message)
    {
    }

    public SerfException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>The error text of the agent itself (e.g. "Invalid event filter"), when the agent answered with one.</summary>
    public string? AgentError { get; init; }
}
