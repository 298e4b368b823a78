using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// A request waiting for what the agent sends back under its Seq. The protocol has no framing to say whether
/// a body follows a response header, so each request kind knows it (<see cref="OnHeader"/>); the reader loop
/// feeds it headers and bodies in order. Its methods run on the reader loop: they only complete tasks and
/// write to channels, never run caller code.
/// </summary>
internal abstract class SerfPendingCall(string command)
{
    /// <summary>The RPC command, for messages.</summary>
    public string Command { get; } = command;

    /// <summary>True when nothing more will arrive under this Seq and the call can be forgotten.</summary>
    public bool IsFinished { get; protected set; }

    /// <summary>True when a failure of one record ends the whole call; false when the bad record is skipped and logged.</summary>
    public abstract bool FailsOnMalformedBody { get; }

    /// <summary>A response header arrived; returns whether a body follows it.</summary>
    public abstract bool OnHeader(string error);

    /// <summary>The body that followed the last header.</summary>
    /// <exception cref="InvalidDataException">The body is not what this call expects.</exception>
    public abstract void OnBody(ref MessagePackReader reader);

    /// <summary>The body could not be read; <paramref name="error"/> says why.</summary>
    public abstract void OnMalformed(SerfException error);

    /// <summary>The connection ended: nothing more will arrive.</summary>
    public abstract void Fail(SerfException error);
}
