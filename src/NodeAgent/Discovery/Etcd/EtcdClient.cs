using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Net;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// A client of an etcd 3.4+ cluster through its v3 JSON gateway (<c>POST /v3/…</c> on the client URLs), which
/// needs no gRPC or HTTP/2 in the binary: each call is one JSON POST over a kept-alive HTTP/1.1 connection
/// (<see cref="Http1Client"/>); a watch is one long answer read line by line.
/// <para>
/// Several client URLs make a cluster: calls go to the member that answered last; when it cannot be reached,
/// breaks the connection, times out or answers "unavailable" (no leader, leader changed), the next member is
/// tried, once each. A call that reached a member before it failed may have been applied there: every call this
/// client makes is safe to repeat (put and delete write the same state again; a repeated grant leaves a lease
/// that expires unused), except that a repeated put-if-absent may report "existed" for its own first write.
/// </para>
/// </summary>
internal sealed partial class EtcdClient : IEtcdClient
{
    private const int GrpcUnavailable = 14;
    private readonly Http1Client[] _members;
    private readonly EtcdClientOptions _options;
    private readonly ILogger _logger;
    private int _current;

    /// <param name="endpoints">The members' client URLs (<c>http://127.0.0.1:2379</c>), as etcd's --advertise-client-urls.</param>
    /// <param name="options">Timeouts and limits; <see cref="EtcdClientOptions.Default"/> when null.</param>
    /// <param name="logger">Where member failovers are logged.</param>
    /// <exception cref="ArgumentException">No URL, or one that is not plain <c>http://host:port</c>.</exception>
    public EtcdClient(IReadOnlyList<string> endpoints, EtcdClientOptions? options = null, ILogger<EtcdClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("give at least one etcd client URL, e.g. http://127.0.0.1:2379", nameof(endpoints));
        }
        _options = options ?? EtcdClientOptions.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var http = new Http1ClientOptions
        {
            ConnectTimeout = _options.ConnectTimeout,
            RequestTimeout = _options.RequestTimeout,
            MaxBodyBytes = _options.MaxResponseBytes,
            MaxLineBytes = _options.MaxWatchLineBytes,
            // One kept-alive connection per member for unary calls (the watch has its own): the agent runs on 512 MB.
            MaxIdleConnections = 1,
        };
        _members = [.. endpoints.Select(e => new Http1Client(ParseEndpoint(e), http))];
    }

    /// <summary>The members' client URLs, in the order given.</summary>
    public IReadOnlyList<Http1Endpoint> Endpoints => [.. _members.Select(m => m.Endpoint)];

    /// <summary>The member the next call goes to first: the one that answered last.</summary>
    public Http1Endpoint CurrentEndpoint => _members[Volatile.Read(ref _current)].Endpoint;

    private static Http1Endpoint ParseEndpoint(string text)
    {
        try
        {
            var endpoint = Http1Endpoint.Parse(text);
            return endpoint.SocketPath is null ? endpoint : throw new FormatException("a Unix socket");
        }
        catch (FormatException)
        {
            throw new ArgumentException(
                $"'{text}' is not an etcd client URL this client can use: write http://HOST:PORT, as in etcd's --advertise-client-urls (no TLS, no unix://)");
        }
    }

    /// <summary>
    /// POSTs <paramref name="request"/> to <paramref name="path"/> on the current member, then the others, and
    /// decodes the answer; <paramref name="check"/> returns what is wrong with a decoded answer, or null.
    /// <paramref name="member"/> pins the call to one member (no failover).
    /// </summary>
    private async Task<(TResponse Response, Http1Endpoint Member)> CallAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<TResponse, string?> check,
        CancellationToken cancellationToken,
        int? member = null)
        where TResponse : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var failures = new List<string>();
        var first = member ?? Volatile.Read(ref _current);
        var tries = member is null ? _members.Length : 1;
        for (var i = 0; i < tries; i++)
        {
            var index = (first + i) % _members.Length;
            var client = _members[index];
            Http1Response response;
            try
            {
                response = await client.SendAsync("POST", path, body, "application/json", null, cancellationToken).ConfigureAwait(false);
            }
            catch (Http1Exception e) when (e.Failure is Http1Failure.Unreachable or Http1Failure.ConnectionLost or Http1Failure.Timeout)
            {
                failures.Add(e.Message);
                NextMember(index, tries - i - 1, e.Message);
                continue;
            }
            catch (Http1Exception e)
            {
                throw new EtcdException(e.Message, e);
            }
            if (!response.IsSuccess)
            {
                var refusal = Refusal(client.Endpoint, path, response.Status, response.Reason, response.Body);
                if (refusal.GrpcCode == GrpcUnavailable || (refusal.GrpcCode is null && response.Status == 503))
                {
                    failures.Add(refusal.Message);
                    NextMember(index, tries - i - 1, refusal.Message);
                    continue;
                }
                throw refusal;
            }
            var result = Decode(client.Endpoint, path, response.Body, responseType, check);
            Volatile.Write(ref _current, index);
            return (result, client.Endpoint);
        }
        throw new EtcdException(
            $"no etcd member answered `{path}`: {string.Join(" | ", failures)}. Is etcd running, and are these its --advertise-client-urls?")
        {
            GrpcCode = failures.Count > 0 ? null : GrpcUnavailable,
        };
    }

    private void NextMember(int failed, int left, string reason)
    {
        if (left > 0)
        {
            Log.TryingNext(_logger, _members[failed].Endpoint.ToString(), reason, _members[(failed + 1) % _members.Length].Endpoint.ToString());
        }
    }

    private static T Decode<T>(Http1Endpoint member, string path, ReadOnlySpan<byte> body, JsonTypeInfo<T> type, Func<T, string?> check)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            throw Malformed(member, path, e.Message);
        }
        var problem = value is null ? "null instead of an object" : check(value);
        return problem is null ? value! : throw Malformed(member, path, problem);
    }

    internal static EtcdException Malformed(Http1Endpoint member, string path, string detail) => new(
        $"etcd at {member} sent a malformed answer to `{path}`: {detail}; is that an etcd 3.4+ client URL, and the member healthy?");

    /// <summary>A non-2xx answer: the gateway's {"error","message","code"} body when there is one.</summary>
    internal static EtcdException Refusal(Http1Endpoint member, string path, int status, string reason, ReadOnlySpan<byte> body)
    {
        Wire.EtcdWireError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, EtcdJsonContext.Default.EtcdWireError);
        }
        catch (JsonException)
        {
            // Not the gateway's error body: reported by status below.
        }
        var text = error?.Message ?? error?.Error;
        if (string.IsNullOrEmpty(text))
        {
            return new EtcdException(
                $"etcd at {member} answered `{path}` with HTTP {status} {reason}; is that an etcd 3.4+ client URL (the v3 gateway is on by default)?");
        }
        var hint = text switch
        {
            "etcdserver: requested lease not found" => "; the lease expired or was revoked: grant a new one and put again",
            _ when text.Contains("database space exceeded", StringComparison.Ordinal) =>
                "; etcd's backend is full: compact and defragment it (etcdctl), or raise its --quota-backend-bytes",
            _ when error!.Code == GrpcUnavailable => "; the member has no leader or is overloaded",
            _ => "",
        };
        return new EtcdException($"etcd at {member} refused `{path}`: {text} (gRPC code {error!.Code}){hint}")
        {
            GrpcCode = error.Code,
            EtcdError = text,
        };
    }

    internal static string? CheckHeader(Wire.EtcdWireHeader? header) =>
        header is null ? "no header" : header.Revision <= 0 ? $"a header with revision {header.Revision}" : null;

    /// <summary>The UTF-8 bytes of a key; keys may not be empty (etcd refuses them).</summary>
    private static byte[] KeyBytes(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Encoding.UTF8.GetBytes(key);
    }

    /// <summary>
    /// The [key, range_end) pair etcd reads as "every key starting with <paramref name="prefix"/>": range_end is the
    /// prefix with its last byte below 0xFF incremented (trailing 0xFF bytes dropped); "\0" means "to the end",
    /// for an empty or all-0xFF prefix.
    /// </summary>
    internal static (byte[] Key, byte[] RangeEnd) PrefixRange(ReadOnlySpan<byte> prefix)
    {
        byte[] key = prefix.IsEmpty ? [0] : prefix.ToArray();
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < 0xFF)
            {
                var end = prefix[..(i + 1)].ToArray();
                end[i]++;
                return (key, end);
            }
        }
        return (key, [0]);
    }

    /// <summary>Closes the idle connections (a watch keeps its own until disposed).</summary>
    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "etcd.client: member {Member} failed ({Reason}); trying {Next}")]
        public static partial void TryingNext(ILogger logger, string member, string reason, string next);
    }
}
