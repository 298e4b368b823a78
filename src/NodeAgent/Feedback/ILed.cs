namespace NodeAgent.Feedback;

/// <summary>One LED the agent drives. Disposing hands it back as it was found where the driver can.</summary>
internal interface ILed : IDisposable
{
    /// <summary>Where it is, for logs and the API (<c>ACT</c>, <c>gpiochip0 line 18</c>).</summary>
    string Name { get; }

    /// <summary>How the current pattern is produced (<c>timer trigger</c>, <c>software</c>), for the API.</summary>
    string Method { get; }

    /// <summary>Shows <paramref name="pattern"/> from now on.</summary>
    /// <exception cref="LedWriteException">The LED cannot be written; the message says why and what to do.</exception>
    void Show(LedPattern pattern);
}
