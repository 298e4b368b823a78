namespace NodeAgent.Feedback;

/// <summary>Where the agent is in its own start.</summary>
public enum StartPhase
{
    /// <summary>The host is starting; the API may not answer yet.</summary>
    Starting,

    /// <summary>Started.</summary>
    Running,
}
