namespace NodeAgent.Feedback;

/// <summary>
/// What the rest of the agent knows, as <see cref="NodeConditions"/>. Identify, pairing and the reset countdown
/// are filled in by <see cref="FeedbackService"/> itself, which owns them.
/// </summary>
internal interface INodeConditionsSource
{
    NodeConditions Current();
}
