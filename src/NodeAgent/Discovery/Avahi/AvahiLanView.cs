using System.Text;
using NodeAgent.Contracts.Discovery;

namespace NodeAgent.Discovery.Avahi;

/// <summary>
/// What avahi-daemon resolves on the LAN, as search sees it: every service whose TXT records carry a
/// <c>nodeagent-id</c> (what <see cref="AvahiServiceFile"/> writes), grouped by that id into nodes. The same service
/// seen on several interfaces or protocols counts once and goes when the last of them is removed. TXT records that
/// break the rules every published record follows are refused and counted, never shown.
/// </summary>
internal sealed class AvahiLanView(ChangeHub changes, TimeProvider time)
{
    public const string Source = "avahi";

    /// <summary>At most this many services are kept: a LAN full of announcements must not fill the agent's memory.</summary>
    public const int MaxServices = 1024;

    private readonly Dictionary<Instance, Resolved> _instances = [];
    private long _rejected;

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>A browser's item: one service on one interface and protocol.</summary>
    public readonly record struct Instance(int Interface, int Protocol, string Name, string Type, string Domain);

    private sealed record Resolved(string NodeId, string Host, string Community, string Address, LocalService Service, DateTimeOffset Seen);

    public int Count
    {
        get
        {
            lock (_instances)
            {
                return _instances.Count;
            }
        }
    }

    /// <summary>Takes a resolved instance; false when it is not an agent's service or breaks the record rules.</summary>
    public bool Resolve(Instance instance, string host, string address, int port, IReadOnlyList<byte[]> txt)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? nodeId = null;
        var community = "";
        foreach (var entry in txt)
        {
            var text = Encoding.UTF8.GetString(entry);
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (text, "") : (text[..equals], text[(equals + 1)..]);
            switch (key)
            {
                case AvahiServiceFile.NodeIdKey:
                    nodeId = value;
                    break;
                case AvahiServiceFile.CommunityKey:
                    community = value;
                    break;
                default:
                    fields[key] = value; // the last of a repeated key wins, as DNS-SD readers do
                    break;
            }
        }
        if (nodeId is null)
        {
            return false; // someone else's service (a printer): not a record, not an error
        }
        if (!RecordCodec.NodeIdPattern().IsMatch(nodeId) || (community.Length > 0 && !Configuration.Communities.IsValid(community))
            || ServiceRules.Check(instance.Type, instance.Name, port, fields).Count > 0)
        {
            Interlocked.Increment(ref _rejected);
            return false;
        }
        var service = new LocalService(instance.Type, instance.Name, port, fields);
        var resolved = new Resolved(nodeId, HostName(host), community, address, service, time.GetUtcNow());
        lock (_instances)
        {
            var before = Visible(nodeId, service);
            if (!_instances.ContainsKey(instance) && _instances.Count >= MaxServices)
            {
                Interlocked.Increment(ref _rejected);
                return false;
            }
            _instances[instance] = resolved;
            if (before is null)
            {
                changes.Publish(Change(CloudChangeKinds.ServiceUp, resolved));
            }
        }
        return true;
    }

    /// <summary>A browser said the instance is gone.</summary>
    public void Remove(Instance instance)
    {
        lock (_instances)
        {
            if (_instances.Remove(instance, out var gone) && Visible(gone.NodeId, gone.Service) is null)
            {
                changes.Publish(Change(CloudChangeKinds.ServiceDown, gone));
            }
        }
    }

    /// <summary>avahi-daemon went away: nothing it said still holds.</summary>
    public void Clear()
    {
        lock (_instances)
        {
            foreach (var gone in _instances.Values.DistinctBy(r => (r.NodeId, r.Service.Type, r.Service.Name)))
            {
                changes.Publish(Change(CloudChangeKinds.ServiceDown, gone));
            }
            _instances.Clear();
        }
    }

    public void Collect(List<BackendNode> nodes)
    {
        lock (_instances)
        {
            foreach (var node in _instances.Values.GroupBy(r => r.NodeId))
            {
                var first = node.First();
                var services = node.DistinctBy(r => (r.Service.Type, r.Service.Name)).Select(r => r.Service).ToList();
                nodes.Add(new BackendNode(Source, first.Host, node.Key, first.Community,
                    [.. node.Select(r => r.Address).Distinct().Order(StringComparer.Ordinal)], null, services, node.Max(r => r.Seen)));
            }
        }
    }

    private Resolved? Visible(string nodeId, LocalService service) =>
        _instances.Values.FirstOrDefault(r => r.NodeId == nodeId && r.Service.Type == service.Type && r.Service.Name == service.Name);

    private CloudChange Change(string kind, Resolved r) =>
        new(kind, r.Host, new ServiceRecord(r.NodeId, r.Host, r.Community, [r.Address], r.Service.Type, r.Service.Name, r.Service.Port, r.Service.Fields, "healthy", null),
            time.GetUtcNow(), Source);

    /// <summary>avahi resolves <c>NAME.local</c>; the node is NAME.</summary>
    private static string HostName(string host)
    {
        var name = host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ? host[..^".local".Length] : host;
        return name.Length is > 0 and <= 63 ? name : "?";
    }
}
