namespace NodeAgent.Feedback;

/// <summary>Where raw button edges come from. Gestures are recognised elsewhere (<see cref="GestureRecognizer"/>).</summary>
internal interface IButtonSource : IDisposable
{
    /// <summary>Where the button is, for logs and the API.</summary>
    string Name { get; }

    /// <summary>Starts reporting edges: true when pressed, false when released. Called on a background thread.</summary>
    void Start(Action<bool> changed);
}
