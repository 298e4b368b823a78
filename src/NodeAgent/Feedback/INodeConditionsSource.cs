namespace NodeAgent.Feedback;

/// <summary>
/// What the rest of the agent knows, as <see cref="NodeConditions"/>. Identify, pairing and the reset countdown
/// are filled in by <see cref="FeedbackService"/> itself, which owns them.
/// </summary>
internal interface INodeConditionsSource
{
    NodeConditions Current();

    /// <summary>
    /// Whether the node has a link, and nothing else: cheap enough to ask every couple of seconds, so a cable
    /// plugged in shows on the LEDs at once while the full evaluation waits for a change.
    /// </summary>
    bool? NetworkUp();

    /// <summary>
    /// Calls <paramref name="changed"/> whenever the kernel reports a link or address change, until disposed, so the
    /// link need not be polled. Null when no such watch is possible; the caller then asks <see cref="NetworkUp"/>
    /// every <see cref="FeedbackOptions.LinkCheckEvery"/>.
    /// </summary>
    IDisposable? WatchLink(Action changed) => null;
}
