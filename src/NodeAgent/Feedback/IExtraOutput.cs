namespace NodeAgent.Feedback;

/// <summary>
/// An optional output the owner fitted (<see cref="ExtraOutputs"/>): shown every evaluation, it writes its device only
/// when what it shows changes. Disposing darkens or clears it (a clean stop leaves nothing lit).
/// </summary>
internal interface IExtraOutput : IDisposable
{
    ExtraOutputs Kind { get; }

    /// <summary>Where it is, for logs and the API (<c>/dev/spidev0.0, 8 LEDs</c>).</summary>
    string Name { get; }

    /// <summary>What it shows now, or why it stopped, for the API.</summary>
    string Showing { get; }

    /// <exception cref="LedWriteException">The device cannot be written; the message says why and what to do.</exception>
    void Show(StateView view);
}

/// <summary>What the outputs show: the evaluated state, the status LED's pattern and the state's colour.</summary>
internal sealed record StateView(NodeState State, string Reason, LedPattern Pattern, RgbColour Colour)
{
    public static StateView Of(StateVerdict verdict) =>
        new(verdict.State, verdict.Reason, LedLanguage.Status(verdict.State), LedLanguage.Colour(verdict.State));

    /// <summary>"heartbeat green", for the API.</summary>
    public string Describe() => $"{Pattern.Name} {Colour.ToString().ToLowerInvariant()}";
}
