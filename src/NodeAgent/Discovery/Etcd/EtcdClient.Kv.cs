using System.Text;
using NodeAgent.Discovery.Etcd.Wire;

namespace NodeAgent.Discovery.Etcd;

internal sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lease);
        var request = new EtcdWirePutRequest { Key = KeyBytes(key), Value = value.ToArray(), Lease = lease };
        var (response, _) = await CallAsync("/v3/kv/put", request, EtcdJsonContext.Default.EtcdWirePutRequest,
            EtcdJsonContext.Default.EtcdWirePutResponse, r => CheckHeader(r.Header), cancellationToken).ConfigureAwait(false);
        return response.Header!.Revision;
    }

    /// <inheritdoc />
    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lease);
        var bytes = KeyBytes(key);
        var request = new EtcdWireTxnRequest
        {
            Compare = [new EtcdWireCompare { Key = bytes, Target = "CREATE", Result = "EQUAL", CreateRevision = 0 }],
            Success = [new EtcdWireRequestOp { RequestPut = new EtcdWirePutRequest { Key = bytes, Value = value.ToArray(), Lease = lease } }],
        };
        var (response, _) = await CallAsync("/v3/kv/txn", request, EtcdJsonContext.Default.EtcdWireTxnRequest,
            EtcdJsonContext.Default.EtcdWireTxnResponse, r => CheckHeader(r.Header), cancellationToken).ConfigureAwait(false);
        return response.Succeeded;
    }

    /// <inheritdoc />
    public async Task<long> TxnAsync(IReadOnlyList<EtcdOp> ops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentOutOfRangeException.ThrowIfZero(ops.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ops.Count, EtcdOp.MaxPerTxn);
        var request = new EtcdWireTxnRequest
        {
            Success = [.. ops.Select(op => op.Value is { } value
                ? new EtcdWireRequestOp { RequestPut = new EtcdWirePutRequest { Key = KeyBytes(op.Key), Value = value.ToArray(), Lease = op.Lease } }
                : new EtcdWireRequestOp { RequestDeleteRange = new EtcdWireDeleteRangeRequest { Key = KeyBytes(op.Key) } })],
        };
        var (response, member) = await CallAsync("/v3/kv/txn", request, EtcdJsonContext.Default.EtcdWireTxnRequest,
            EtcdJsonContext.Default.EtcdWireTxnResponse, r => CheckHeader(r.Header), cancellationToken).ConfigureAwait(false);
        // With no comparison the success branch always runs; anything else is not an etcd answer.
        return response.Succeeded ? response.Header!.Revision : throw Malformed(member, "/v3/kv/txn", "a transaction without conditions did not succeed");
    }

    /// <inheritdoc />
    public async Task<EtcdRange> RangeAsync(string prefix, long limit = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var (key, end) = PrefixRange(prefixBytes);
        var request = new EtcdWireRangeRequest { Key = key, RangeEnd = end, Limit = limit };
        var (response, _) = await CallAsync("/v3/kv/range", request, EtcdJsonContext.Default.EtcdWireRangeRequest,
            EtcdJsonContext.Default.EtcdWireRangeResponse, r => CheckRange(r, prefixBytes, limit), cancellationToken).ConfigureAwait(false);
        var items = (response.Kvs ?? []).Select(kv => new EtcdKeyValue
        {
            Key = kv!.Key,
            Value = kv.Value ?? [],
            CreateRevision = kv.CreateRevision,
            ModRevision = kv.ModRevision,
            Version = kv.Version,
            Lease = kv.Lease,
        }).ToList();
        return new EtcdRange(response.Header!.Revision, items, response.More);
    }

    private static string? CheckRange(EtcdWireRangeResponse response, byte[] prefix, long limit)
    {
        if (CheckHeader(response.Header) is { } header)
        {
            return header;
        }
        var kvs = response.Kvs ?? [];
        if (limit > 0 && kvs.Count > limit)
        {
            return $"{kvs.Count} keys where at most {limit} were asked for";
        }
        for (var i = 0; i < kvs.Count; i++)
        {
            if (CheckKeyValue(kvs[i], prefix, deleted: false) is { } problem)
            {
                return $"kvs[{i}]: {problem}";
            }
        }
        return null;
    }

    /// <summary>What is wrong with a key as read or watched under <paramref name="prefix"/>, or null.</summary>
    internal static string? CheckKeyValue(EtcdWireKeyValue? kv, ReadOnlySpan<byte> prefix, bool deleted) => kv switch
    {
        null => "no key-value",
        { Key: null or [] } => "no key",
        _ when !kv.Key.AsSpan().StartsWith(prefix) => $"key '{Encoding.UTF8.GetString(kv.Key)}' outside the prefix asked for",
        { ModRevision: <= 0 } => $"mod_revision {kv.ModRevision}",
        { Lease: < 0 } => $"lease {kv.Lease}",
        _ when !deleted && (kv.CreateRevision <= 0 || kv.CreateRevision > kv.ModRevision || kv.Version <= 0) =>
            $"create_revision {kv.CreateRevision}, mod_revision {kv.ModRevision}, version {kv.Version} for a live key",
        _ => null,
    };

    /// <inheritdoc />
    public async Task<long> DeleteRangeAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var (key, end) = PrefixRange(Encoding.UTF8.GetBytes(prefix));
        var request = new EtcdWireDeleteRangeRequest { Key = key, RangeEnd = end };
        var (response, _) = await CallAsync("/v3/kv/deleterange", request, EtcdJsonContext.Default.EtcdWireDeleteRangeRequest,
            EtcdJsonContext.Default.EtcdWireDeleteRangeResponse,
            r => CheckHeader(r.Header) ?? (r.Deleted < 0 ? $"deleted {r.Deleted}" : null), cancellationToken).ConfigureAwait(false);
        return response.Deleted;
    }
}
