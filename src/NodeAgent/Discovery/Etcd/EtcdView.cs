using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// What etcd holds under the prefix, as this node last read it: one range, then every watched change. A node is
/// in the cloud while its node key exists; its services show only then. Malformed keys and values are refused
/// (logged at most once a minute per node, counted) and never replace a good record with a bad one: a bad value
/// drops what that key held. Changes go to the same <see cref="ChangeHub"/> as Serf's, marked <c>etcd</c>.
/// Thread-safe: one lock, held only for in-memory work.
/// </summary>
internal sealed partial class EtcdView(string prefix, ChangeHub changes, TimeProvider time, ILogger<EtcdView> logger)
{
    /// <summary>The backend name results carry in their sources.</summary>
    public const string Source = "etcd";

    /// <summary>Most nodes kept, as for Serf.</summary>
    public const int MaxNodes = 20_000;

    private readonly Lock _gate = new();
    private Dictionary<string, Entry> _nodes = new(StringComparer.Ordinal);
    private readonly RejectionLog _rejections = new(time, "discovery.etcd");
    private DateTimeOffset? _lostAt = time.GetUtcNow();

    /// <summary>Keys and values refused since start.</summary>
    public long Rejected => _rejections.Count;

    /// <summary>Nodes with a node key now (for tests and the statistics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Values.Count(n => n.Node is not null);
            }
        }
    }

    /// <summary>A whole range of the prefix: replaces everything, and the differences go out as changes.</summary>
    public void Replace(IEnumerable<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> items)
    {
        var fresh = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            Put(fresh, key.Span, value.Span, emit: false);
        }
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var (id, old) in _nodes)
            {
                if (old.Node is null)
                {
                    continue;
                }
                if (!fresh.TryGetValue(id, out var current) || current.Node is null)
                {
                    Left(old, now);
                    continue;
                }
                foreach (var (key, service) in old.Services)
                {
                    if (!current.Services.ContainsKey(key))
                    {
                        changes.Publish(Change(CloudChangeKinds.ServiceDown, current, service, now));
                    }
                }
                foreach (var (key, service) in current.Services)
                {
                    if (!old.Services.TryGetValue(key, out var was) || !CloudView.SameService(was, service))
                    {
                        changes.Publish(Change(CloudChangeKinds.ServiceUp, current, service, now));
                    }
                }
            }
            foreach (var (id, entry) in fresh)
            {
                if (entry.Node is not null && (!_nodes.TryGetValue(id, out var old) || old.Node is null))
                {
                    Joined(entry, now);
                }
            }
            _nodes = fresh;
            _lostAt = null;
        }
    }

    /// <summary>One watched change.</summary>
    public void Apply(EtcdWatchEvent e)
    {
        lock (_gate)
        {
            if (e.Kind == EtcdWatchEventKind.Put)
            {
                Put(_nodes, e.Key.Span, e.Value.Span, emit: true);
            }
            else if (EtcdRecordCodec.TryParseKey(prefix, e.Key.Span, out _) is { } key)
            {
                // A key never accepted has nothing to remove; its put was refused (and logged) already.
                Remove(_nodes, key, emit: true);
            }
        }
    }

    /// <summary>The watch is gone: what is held stays searchable, last seen when it was lost.</summary>
    public void Lost()
    {
        lock (_gate)
        {
            _lostAt ??= time.GetUtcNow();
        }
    }

    /// <summary>Every node with a node key.</summary>
    public void Collect(List<BackendNode> nodes)
    {
        lock (_gate)
        {
            var seen = _lostAt ?? time.GetUtcNow();
            foreach (var (id, entry) in _nodes)
            {
                if (entry.Node is { } n)
                {
                    nodes.Add(new BackendNode(Source, n.Name!, id, n.Community!, n.Addresses!, Capacity(n), [.. entry.Services.Values], seen));
                }
            }
        }
    }

    /// <summary>One node id's keys. Only touched under the lock (or before the dictionary is published).</summary>
    private sealed class Entry(string nodeId)
    {
        public string NodeId { get; } = nodeId;

        public EtcdNodeWire? Node { get; set; }

        public Dictionary<string, LocalService> Services { get; } = new(StringComparer.Ordinal);
    }
}
