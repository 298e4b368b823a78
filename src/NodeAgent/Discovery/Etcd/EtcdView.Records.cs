using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery.Etcd;

internal sealed partial class EtcdView
{
    private void Put(Dictionary<string, Entry> nodes, ReadOnlySpan<byte> rawKey, ReadOnlySpan<byte> value, bool emit)
    {
        if (EtcdRecordCodec.TryParseKey(prefix, rawKey, out var keyError) is not { } key)
        {
            _rejections.Report(logger, "?", keyError);
            return;
        }
        if (!nodes.TryGetValue(key.NodeId, out var entry))
        {
            if (nodes.Count >= MaxNodes)
            {
                _rejections.Report(logger, key.NodeId, $"more than {MaxNodes} nodes; ignored");
                return;
            }
            nodes.Add(key.NodeId, entry = new Entry(key.NodeId));
        }
        var now = time.GetUtcNow();
        if (key.IsNode)
        {
            if (EtcdRecordCodec.TryDecodeNode(value, out var error) is not { } node)
            {
                _rejections.Report(logger, key.NodeId, error);
                Remove(nodes, key, emit);
                return;
            }
            var joined = entry.Node is null;
            entry.Node = node;
            if (joined && emit)
            {
                Joined(entry, now);
            }
            return;
        }
        if (EtcdRecordCodec.TryDecodeService(key, value, out var why) is not { } service)
        {
            _rejections.Report(logger, key.NodeId, why);
            Remove(nodes, key, emit);
            return;
        }
        if (!entry.Services.ContainsKey(key.Key) && entry.Services.Count >= RecordCodec.MaxServicesPerNode)
        {
            _rejections.Report(logger, key.NodeId, $"more than {RecordCodec.MaxServicesPerNode} services; ignored");
            return;
        }
        var changed = !entry.Services.TryGetValue(key.Key, out var was) || !CloudView.SameService(was, service);
        entry.Services[key.Key] = service;
        if (changed && emit && entry.Node is not null)
        {
            changes.Publish(Change(CloudChangeKinds.ServiceUp, entry, service, now));
        }
    }

    private void Remove(Dictionary<string, Entry> nodes, EtcdRecordKey key, bool emit)
    {
        if (!nodes.TryGetValue(key.NodeId, out var entry))
        {
            return;
        }
        var now = time.GetUtcNow();
        if (key.IsNode)
        {
            if (entry.Node is not null && emit)
            {
                Left(entry, now);
            }
            entry.Node = null;
        }
        else if (entry.Services.Remove(key.Key, out var service) && entry.Node is not null && emit)
        {
            changes.Publish(Change(CloudChangeKinds.ServiceDown, entry, service, now));
        }
        if (entry.Node is null && entry.Services.Count == 0)
        {
            nodes.Remove(key.NodeId);
        }
    }

    private void Joined(Entry entry, DateTimeOffset now)
    {
        changes.Publish(new CloudChange(CloudChangeKinds.NodeJoined, entry.Node!.Name!, null, now, Source));
        foreach (var service in entry.Services.Values)
        {
            changes.Publish(Change(CloudChangeKinds.ServiceUp, entry, service, now));
        }
    }

    private void Left(Entry entry, DateTimeOffset now)
    {
        foreach (var service in entry.Services.Values)
        {
            changes.Publish(Change(CloudChangeKinds.ServiceDown, entry, service, now));
        }
        changes.Publish(new CloudChange(CloudChangeKinds.NodeLeft, entry.Node!.Name!, null, now, Source));
    }

    private static CloudChange Change(string kind, Entry entry, LocalService s, DateTimeOffset now)
    {
        var n = entry.Node!;
        return new CloudChange(kind, n.Name!, new ServiceRecord(entry.NodeId, n.Name!, n.Community!, n.Addresses!, s.Type, s.Name, s.Port, s.Fields, "healthy", Capacity(n)), now, Source);
    }

    private static SpareCapacity? Capacity(EtcdNodeWire n) => n.Capacity is { } r ? TagSummary.ParseCapacity(r) : null;
}
