namespace NodeAgent.Feedback;

/// <summary>What a press of the button meant.</summary>
public enum ButtonGesture
{
    /// <summary>Short press: identify the node and re-announce it.</summary>
    Identify,

    /// <summary>Held past the pairing threshold and released before the reset threshold: open the pairing window.</summary>
    Pairing,

    /// <summary>Held past the reset threshold: the countdown runs while the button stays down.</summary>
    ResetCountdownStarted,

    /// <summary>Released during the countdown: nothing happens.</summary>
    ResetCancelled,

    /// <summary>Held through the whole countdown: reset to factory settings.</summary>
    FactoryReset,
}
