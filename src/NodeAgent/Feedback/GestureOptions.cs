namespace NodeAgent.Feedback;

/// <summary>Timings of the button gestures (<c>Feedback:Button:*</c> in the configuration).</summary>
internal sealed record GestureOptions
{
    /// <summary>A level must hold this long to count: contacts bounce for a few milliseconds.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Presses that begin this soon after start-up are ignored (a button held or stuck at power-on).</summary>
    public TimeSpan StartupGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Held at least this long, the press opens the pairing window instead of identifying.</summary>
    public TimeSpan PairingHold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Held this long, the factory-reset countdown starts.</summary>
    public TimeSpan ResetHold { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the button must then stay down for the reset to happen.</summary>
    public TimeSpan ResetCountdown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these values, empty when they work together.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Debounce < TimeSpan.Zero || Debounce >= PairingHold)
        {
            problems.Add("Feedback:Button:Debounce must be 0 or more and shorter than PairingHold");
        }
        if (StartupGrace < TimeSpan.Zero)
        {
            problems.Add("Feedback:Button:StartupGrace must be 0 or more");
        }
        if (PairingHold >= ResetHold)
        {
            problems.Add("Feedback:Button:PairingHold must be shorter than ResetHold");
        }
        if (ResetCountdown <= TimeSpan.Zero)
        {
            problems.Add("Feedback:Button:ResetCountdown must be more than 0");
        }
        return problems;
    }
}
