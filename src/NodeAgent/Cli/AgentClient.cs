using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization.Metadata;
using NodeAgent.Contracts;

namespace NodeAgent.Cli;

/// <summary>
/// The CLI's way into a running agent: HTTP over the agent's Unix socket, the same API the web uses.
/// Errors come back as <see cref="AgentClientException"/> with a message fit to print.
/// </summary>
internal sealed class AgentClient : IDisposable
{
    private readonly HttpClient _http;

    public AgentClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://nodeagent/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string SocketPath { get; }

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), type, cancellationToken);

    public Task<T> PutAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, bodyType) }, type, cancellationToken);

    /// <summary><c>/healthz</c> answers 503 with a report when unhealthy: that is an answer, not a failure.</summary>
    public Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "healthz"), AgentJsonContext.Default.HealthReport, cancellationToken, acceptUnavailable: true);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool acceptUnavailable = false)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException se)
            {
                throw new AgentClientException(se.SocketErrorCode switch
                {
                    SocketError.AddressNotAvailable or SocketError.ConnectionRefused =>
                        $"no agent is answering on {SocketPath}; start it with `nodeagent run` (or `systemctl start nodeagent`), or point to its socket with --socket",
                    SocketError.AccessDenied =>
                        $"not allowed to open {SocketPath}; run as root or as a member of the agent's group",
                    _ => $"cannot reach the agent on {SocketPath}: {se.Message}",
                });
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode && !(acceptUnavailable && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable))
                {
                    var problem = await TryReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new AgentClientException(problem?.Detail ?? $"the agent answered {(int)response.StatusCode} {response.ReasonPhrase}", rejected: true);
                }
                return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                    ?? throw new AgentClientException("the agent sent an empty answer");
            }
        }
    }

    private static async Task<Problem?> TryReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(AgentJsonContext.Default.Problem, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
