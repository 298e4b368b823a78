namespace NodeAgent.Hosting;

/// <summary>
/// Raised by an area whose change can alter what the node tells a person: a resource sample, the agent having
/// started, settings saved. Listeners (the LEDs) re-evaluate then instead of polling every second, so an idle
/// node does not wake up for nothing.
/// </summary>
internal sealed class ConditionsChanged
{
    /// <summary>Handlers run on the raiser's thread and must only signal, never block.</summary>
    public event Action? Raised;

    public void Raise() => Raised?.Invoke();
}
