using System.Globalization;
using System.Net.Sockets;

namespace NodeAgent.Net;

/// <summary>
/// An HTTP/1.1 exchange failed below the level of HTTP statuses (those are answers, in <see cref="Http1Response"/>).
/// The message names the endpoint, the request, the cause and what to check, and is fit to log as it is;
/// callers that know the server (etcd, the agent) wrap it with their own next step.
/// </summary>
internal sealed class Http1Exception : Exception
{
    public Http1Exception(string message, Http1Endpoint endpoint, Http1Failure failure, Exception? inner = null)
        : base(message, inner)
    {
        Endpoint = endpoint;
        Failure = failure;
    }

    /// <summary>The server the request went to.</summary>
    public Http1Endpoint Endpoint { get; }

    /// <summary>What kind of failure this is.</summary>
    public Http1Failure Failure { get; }

    internal static Http1Exception Unreachable(Http1Endpoint endpoint, Exception cause, TimeSpan timeout) => new(
        cause switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                $"nothing is listening at {endpoint} (connection refused); start the server there or correct the address",
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable } when endpoint.SocketPath is not null =>
                $"there is no socket at {endpoint}; start the server or correct the path",
            SocketException { SocketErrorCode: SocketError.AccessDenied } =>
                $"not allowed to connect to {endpoint}; run as a user with access to it",
            SocketException s => $"cannot connect to {endpoint}: {s.Message}; check the address and that the host is up",
            _ => $"{endpoint} did not accept a connection within {Seconds(timeout)} s; check the address and that the host is up",
        },
        endpoint, Http1Failure.Unreachable, cause);

    internal static Http1Exception TimedOut(Http1Endpoint endpoint, string request, TimeSpan timeout, Exception cause) => new(
        $"{endpoint} did not answer {request} within {Seconds(timeout)} s; the server may be overloaded or stuck",
        endpoint, Http1Failure.Timeout, cause);

    internal static Http1Exception Lost(Http1Endpoint endpoint, string request, Exception? cause) => new(
        $"{endpoint} closed the connection before its answer to {request} was complete" +
        (cause is null or EndOfStreamException ? "" : $" ({cause.Message})") + "; the server may have stopped or restarted",
        endpoint, Http1Failure.ConnectionLost, cause);

    internal static Http1Exception Malformed(Http1Endpoint endpoint, string request, string detail) => new(
        $"{endpoint} sent a malformed HTTP answer to {request}: {detail}; is that address the HTTP server it should be?",
        endpoint, Http1Failure.Malformed);

    internal static Http1Exception TooLarge(Http1Endpoint endpoint, string request, string detail, string limit) => new(
        $"{endpoint} sent an answer to {request} with {detail}, over this client's limit ({limit}); ask for less, or raise the limit if the server is trusted",
        endpoint, Http1Failure.TooLarge);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
