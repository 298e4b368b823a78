namespace NodeAgent.Discovery.Etcd;

internal sealed partial class EtcdDiscoveryService
{
    private static readonly TimeSpan AddressesInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private IReadOnlyList<string>? _addresses;
    private long _addressesAt;
    private DateTimeOffset _capacityAt;

    /// <summary>
    /// Keeps the lease alive every TTL/3 and republishes when the services change (at once) or the node's details
    /// did (checked every <see cref="DiscoveryTimings.CheckInterval"/>). One loop, so unary calls never overlap.
    /// A keepalive that fails is retried until two thirds of the TTL have passed since the last good one (an
    /// election in a cluster takes about a second); then, or when etcd says the lease is gone, the session ends.
    /// </summary>
    private async Task LeaseAsync(EtcdLease lease, CancellationToken token)
    {
        var interval = lease.Ttl / 3;
        var lastRenewed = time.GetTimestamp();
        // Both deadlines count from the last good keepalive.
        var nextRenew = interval;
        var nextCheck = timings.CheckInterval;
        var signalled = false;
        while (true)
        {
            var elapsed = time.GetElapsedTime(lastRenewed);
            var wait = signalled ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, Math.Min(nextRenew.Ticks, nextCheck.Ticks) - elapsed.Ticks));
            if (wait > TimeSpan.Zero)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(token);
                waiting.CancelAfter(wait);
                try
                {
                    await _republish.Reader.WaitToReadAsync(waiting.Token).ConfigureAwait(false);
                    _republish.Reader.TryRead(out _);
                    signalled = true;
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // A timer ran out.
                }
            }
            token.ThrowIfCancellationRequested();
            elapsed = time.GetElapsedTime(lastRenewed);
            if (elapsed >= nextRenew)
            {
                if (await RenewAsync(lease, elapsed, token).ConfigureAwait(false))
                {
                    lastRenewed = time.GetTimestamp();
                    nextRenew = interval;
                    nextCheck -= elapsed;
                }
                else
                {
                    nextRenew = elapsed + RetryDelay;
                }
                continue;
            }
            if (signalled || elapsed >= nextCheck)
            {
                signalled = false;
                var published = await TryPublishAsync(lease.Id, token).ConfigureAwait(false);
                // A refused write is tried again after a second, not in a tight loop.
                nextCheck = time.GetElapsedTime(lastRenewed) + (published ? timings.CheckInterval : RetryDelay * 4);
            }
        }
    }

    /// <summary>One keepalive; false when it failed but the lease has time left to try again.</summary>
    private async Task<bool> RenewAsync(EtcdLease lease, TimeSpan sinceLast, CancellationToken token)
    {
        try
        {
            return await client.LeaseKeepAliveAsync(lease.Id, token).ConfigureAwait(false) is not null
                ? true
                : throw new EtcdException($"etcd no longer has lease {lease.Id:x} (expired while unreachable?); publishing again on a new lease");
        }
        catch (EtcdException e) when (!e.IsLeaseNotFound && sinceLast < lease.Ttl * 2 / 3)
        {
            Log.RenewRetry(logger, e.Message);
            return false;
        }
    }

    /// <summary>Publishes; false when etcd refused the write (reported as degraded and retried soon).</summary>
    private async Task<bool> TryPublishAsync(long lease, CancellationToken token)
    {
        try
        {
            await PublishAsync(lease, token).ConfigureAwait(false);
            return true;
        }
        catch (EtcdException e) when (!e.IsLeaseNotFound && e.GrpcCode is { } code && code != 14)
        {
            // Refused (backend quota full, say): connected but not published; the session goes on.
            status.PublishFailed(e.Message);
            Log.PublishRefused(logger, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Writes what differs between the records this node should have in etcd and those it has on
    /// <paramref name="lease"/>: changed and new keys put, gone keys deleted, in transactions of at most
    /// <see cref="EtcdOp.MaxPerTxn"/> operations. Nothing is written when nothing changed.
    /// </summary>
    private async Task PublishAsync(long lease, CancellationToken token)
    {
        while (_tampered.TryDequeue(out var key))
        {
            _published.Remove(key);
        }
        var desired = Desired();
        var ops = new List<EtcdOp>();
        foreach (var (key, value) in desired)
        {
            if (!_published.TryGetValue(key, out var was) || !was.AsSpan().SequenceEqual(value))
            {
                ops.Add(EtcdOp.Put(key, value, lease));
            }
        }
        foreach (var key in _published.Keys)
        {
            if (!desired.ContainsKey(key))
            {
                ops.Add(EtcdOp.Delete(key));
            }
        }
        if (ops.Count == 0)
        {
            return;
        }
        foreach (var chunk in ops.Chunk(EtcdOp.MaxPerTxn))
        {
            await client.TxnAsync(chunk, token).ConfigureAwait(false);
            foreach (var op in chunk)
            {
                if (op.Value is not null)
                {
                    _published[op.Key] = desired[op.Key];
                }
                else
                {
                    _published.Remove(op.Key);
                }
            }
        }
        status.Published();
        Log.Published(logger, desired.Count - 1, ops.Count);
    }

    /// <summary>This node's keys and values now. Capacity alone changes the node key at most every <see cref="DiscoveryTimings.CapacityInterval"/>.</summary>
    private Dictionary<string, byte[]> Desired()
    {
        var node = localNode();
        if (_addresses is null || time.GetElapsedTime(_addressesAt) >= AddressesInterval)
        {
            _addresses = addresses();
            _addressesAt = time.GetTimestamp();
        }
        var nodeKey = EtcdRecordCodec.NodeKey(options.Prefix, node.Id);
        var wire = new EtcdNodeWire
        {
            Version = EtcdRecordCodec.WireVersion,
            Name = node.Name,
            Community = node.Community,
            Addresses = _addresses,
            AgentVersion = AgentVersion.Current,
            Capacity = capacity() is { } c ? TagSummary.FormatCapacity(TagSummary.Round(c)) : null,
        };
        var value = EtcdRecordCodec.EncodeNode(wire);
        if (_published.TryGetValue(nodeKey, out var was) && !was.AsSpan().SequenceEqual(value))
        {
            var now = time.GetUtcNow();
            var held = EtcdRecordCodec.TryDecodeNode(was, out _);
            var onlyCapacity = held is not null && EtcdRecordCodec.EncodeNode(wire with { Capacity = held.Capacity }).AsSpan().SequenceEqual(was);
            if (onlyCapacity && now - _capacityAt < timings.CapacityInterval)
            {
                value = was;
            }
            else if (held?.Capacity != wire.Capacity)
            {
                _capacityAt = now;
            }
        }
        var desired = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [nodeKey] = value };
        foreach (var service in services.Healthy)
        {
            desired[EtcdRecordCodec.ServiceKey(options.Prefix, node.Id, service)] = EtcdRecordCodec.EncodeService(service);
        }
        return desired;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "discovery.etcd: {Detail}; {Keys} keys under the prefix; publishing and watching")]
        public static partial void Connected(ILogger logger, string detail, int keys);

        [LoggerMessage(2, LogLevel.Warning, "discovery.etcd: lost etcd: {Reason}; reconnecting")]
        public static partial void Lost(ILogger logger, string reason);

        [LoggerMessage(3, LogLevel.Debug, "discovery.etcd: published {Count} services ({Ops} keys written or deleted)")]
        public static partial void Published(ILogger logger, int count, int ops);

        [LoggerMessage(4, LogLevel.Warning, "discovery.etcd: etcd refused this node's records: {Reason}")]
        public static partial void PublishRefused(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Information, "discovery.etcd: the watch was lost ({Reason}); resuming")]
        public static partial void WatchLost(ILogger logger, string reason);

        [LoggerMessage(6, LogLevel.Information, "discovery.etcd: lease {Lease} revoked: this node's records are gone from etcd")]
        public static partial void Revoked(ILogger logger, long lease);

        [LoggerMessage(7, LogLevel.Warning, "discovery.etcd: could not revoke lease {Lease} ({Reason}); its records expire with its TTL")]
        public static partial void RevokeFailed(ILogger logger, long lease, string reason);

        [LoggerMessage(8, LogLevel.Information, "discovery.etcd: keepalive failed ({Reason}); retrying while the lease lasts")]
        public static partial void RenewRetry(ILogger logger, string reason);
    }
}
