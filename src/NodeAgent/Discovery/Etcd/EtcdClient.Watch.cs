using System.Text;
using System.Text.Json;
using NodeAgent.Discovery.Etcd.Wire;
using NodeAgent.Net;

namespace NodeAgent.Discovery.Etcd;

internal sealed partial class EtcdClient
{
    private const string WatchPath = "/v3/watch";

    /// <inheritdoc />
    public async Task<EtcdWatch> WatchAsync(string prefix, long startRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(startRevision);
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var (key, end) = PrefixRange(prefixBytes);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new EtcdWireWatchRequest { CreateRequest = new EtcdWireWatchCreate { Key = key, RangeEnd = end, StartRevision = startRevision } },
            EtcdJsonContext.Default.EtcdWireWatchRequest);
        var failures = new List<string>();
        var first = Volatile.Read(ref _current);
        for (var i = 0; i < _members.Length; i++)
        {
            var index = (first + i) % _members.Length;
            var client = _members[index];
            Http1StreamingResponse? stream = null;
            try
            {
                stream = await client.OpenStreamAsync("POST", WatchPath, body, "application/json", null, cancellationToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                if (stream.Status != 200)
                {
                    var content = await stream.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
                    var refusal = Refusal(client.Endpoint, WatchPath, stream.Status, "", content);
                    if (refusal.GrpcCode != GrpcUnavailable)
                    {
                        throw refusal;
                    }
                    failures.Add(refusal.Message);
                    NextMember(index, _members.Length - i - 1, refusal.Message);
                    continue;
                }
                var watch = await EtcdWatch.OpenAsync(stream, prefix, prefixBytes, startRevision, timeout.Token).ConfigureAwait(false);
                stream = null;
                Volatile.Write(ref _current, index);
                return watch;
            }
            catch (Http1Exception e) when (e.Failure is Http1Failure.Unreachable or Http1Failure.ConnectionLost or Http1Failure.Timeout)
            {
                failures.Add(e.Message);
                NextMember(index, _members.Length - i - 1, e.Message);
            }
            catch (Http1Exception e)
            {
                throw new EtcdException(e.Message, e);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var message = $"etcd at {client.Endpoint} did not confirm the watch on '{prefix}' within {_options.RequestTimeout.TotalSeconds} s";
                failures.Add(message);
                NextMember(index, _members.Length - i - 1, message);
            }
            finally
            {
                stream?.Dispose();
            }
        }
        throw new EtcdException(
            $"no etcd member accepted a watch on '{prefix}': {string.Join(" | ", failures)}. Is etcd running, and are these its --advertise-client-urls?");
    }
}
