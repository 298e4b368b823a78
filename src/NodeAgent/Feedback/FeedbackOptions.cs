namespace NodeAgent.Feedback;

/// <summary>Feedback settings (<c>Feedback:*</c> in the configuration).</summary>
internal sealed record FeedbackOptions
{
    /// <summary>
    /// How often the whole state is evaluated when nothing signalled a change: a safety net for a change nobody
    /// signals (a stalled resource loop is one). Changes themselves (<see cref="Hosting.ConditionsChanged"/>) are
    /// shown at once.
    /// </summary>
    public TimeSpan EvaluateEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the network link alone is looked at (one small sysfs read per physical interface) where the kernel's
    /// link events cannot be watched (<see cref="INodeConditionsSource.WatchLink"/>).
    /// </summary>
    public TimeSpan LinkCheckEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a short press or a request without a duration identifies the node.</summary>
    public TimeSpan IdentifyFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the button's pairing window stays open.</summary>
    public TimeSpan PairingFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest identify the API accepts.</summary>
    public TimeSpan MaxIdentify { get; init; } = TimeSpan.FromHours(1);

    public GestureOptions Gestures { get; init; } = new();
}
