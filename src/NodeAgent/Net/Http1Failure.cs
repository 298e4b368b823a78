namespace NodeAgent.Net;

/// <summary>Why an <see cref="Http1Client"/> request failed; callers with several servers use it to decide whether to try another.</summary>
internal enum Http1Failure
{
    /// <summary>The connect failed or timed out: the server never saw the request.</summary>
    Unreachable,

    /// <summary>The request or its answer took longer than the timeout; the server may have acted on it.</summary>
    Timeout,

    /// <summary>The connection closed or broke before the answer was complete; the server may have acted on it.</summary>
    ConnectionLost,

    /// <summary>The answer is not HTTP/1.1 this client reads.</summary>
    Malformed,

    /// <summary>The answer breaks a limit of <see cref="Http1ClientOptions"/>.</summary>
    TooLarge,
}
