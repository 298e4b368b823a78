namespace NodeAgent.Services.Manager;

/// <summary>How an operation request ended; the API maps each to its status code.</summary>
public enum OperationOutcome
{
    /// <summary>Done; the snapshot is the state after it.</summary>
    Done,

    /// <summary>Started and goes on in the background (install): follow the state.</summary>
    Accepted,

    /// <summary>No such service in the catalogue.</summary>
    NotFound,

    /// <summary>Not possible in the service's current state (start when not installed, another operation running).</summary>
    Conflict,

    /// <summary>The fit check refused it; the message names the numbers.</summary>
    DoesNotFit,

    /// <summary>Service management is unavailable on this machine.</summary>
    Unavailable,

    /// <summary>systemd or apt failed; the message says how.</summary>
    Failed,
}

/// <summary>The answer to an operation request.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">A sentence for people: what was done, or why not and what to do.</param>
/// <param name="Service">The service afterwards (null when unknown).</param>
public sealed record OperationResult(OperationOutcome Outcome, string Message, ServiceSnapshot? Service);

/// <summary>An operation on a catalogue service.</summary>
public enum ServiceOperation
{
    Install,
    Start,
    Stop,
    Restart,
    Remove,
}
