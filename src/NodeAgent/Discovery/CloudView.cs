using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

/// <summary>
/// This node's picture of the cloud: every Serf member, the NodeAgent summary in its tags and, for each agent,
/// the record set fetched for the digest it announces. Search and statistics answer from here, in memory.
/// Members failed or left lose their records at once; reaped ones are forgotten. Every change is published
/// to <see cref="Changes"/>. Thread-safe: one lock, held only for in-memory work.
/// </summary>
internal sealed partial class CloudView(TimeProvider time, ILogger<CloudView> logger, ChangeHub? changes = null)
{
    /// <summary>The backend name results carry in their sources.</summary>
    public const string Source = "serf";

    /// <summary>Most members kept (Serf clusters of community networks have hundreds).</summary>
    public const int MaxNodes = 20_000;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CloudNode> _nodes = new(StringComparer.Ordinal);
    private readonly RejectionLog _rejections = new(time);

    /// <summary>Where its changes go: the agent's one stream (a view of its own when none is given).</summary>
    public ChangeHub Changes { get; } = changes ?? new();

    /// <summary>Answers and tags refused since start.</summary>
    public long Rejected => _rejections.Count;

    /// <summary>
    /// The whole member list (after connecting, and periodically): adds and updates every member, and marks those
    /// missing from it as gone. Returns the nodes whose records must be fetched.
    /// </summary>
    public List<FetchRequest> Reconcile(IReadOnlyList<SerfMember> members)
    {
        lock (_gate)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                present.Add(member.Name);
                ApplyLocked(member);
            }
            foreach (var node in _nodes.Values.Where(n => !present.Contains(n.Name)).ToList())
            {
                GoneLocked(node, SerfMemberStatus.Left);
                _nodes.Remove(node.Name);
            }
            return DueLocked();
        }
    }

    /// <summary>A member event from the stream; returns the nodes whose records must be fetched.</summary>
    public List<FetchRequest> Apply(SerfMemberEvent e)
    {
        lock (_gate)
        {
            foreach (var member in e.Members)
            {
                if (e.Kind == SerfMemberEventKind.Reap)
                {
                    if (_nodes.Remove(member.Name, out var node))
                    {
                        GoneLocked(node, SerfMemberStatus.Left);
                    }
                    continue;
                }
                ApplyLocked(member);
            }
            return DueLocked();
        }
    }

    /// <summary>Nodes whose records are stale and whose retry time has come (the periodic sweep).</summary>
    public List<FetchRequest> Due()
    {
        lock (_gate)
        {
            return DueLocked();
        }
    }

    /// <summary>
    /// Whether the member list, as last read, already shows what <paramref name="notice"/> says: its node announcing
    /// that digest or, for <see cref="RecordNotice.Withdrawn"/>, no live member announcing that node.
    /// </summary>
    public bool Shows(RecordNotice notice)
    {
        lock (_gate)
        {
            foreach (var node in _nodes.Values)
            {
                if (node.IsAlive && node.Summary is { } s && s.NodeId == notice.NodeId)
                {
                    return s.Digest == notice.Digest;
                }
            }
            return notice.Digest == RecordNotice.Withdrawn;
        }
    }

    /// <summary>The earliest time still to come at which a failed fetch may be retried; null when none waits.</summary>
    public DateTimeOffset? NextRetry()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var node in _nodes.Values)
            {
                if (node.IsStale && node.Failures > 0 && node.RetryAt > now && (next is null || node.RetryAt < next))
                {
                    next = node.RetryAt;
                }
            }
            return next;
        }
    }

    /// <summary>
    /// Records fetched for <paramref name="request"/>. Kept only if the node still announces that digest (a newer
    /// one has its own fetch coming); the differences go out as service changes.
    /// </summary>
    public void SetRecords(FetchRequest request, IReadOnlyList<LocalService> records)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(request.Node, out var node) || !node.IsAlive || node.Summary?.Digest != request.Digest)
            {
                return;
            }
            var before = node.Records;
            node.Records = records;
            node.RecordsDigest = request.Digest;
            node.Failures = 0;
            var now = time.GetUtcNow();
            var old = before.ToDictionary(s => (s.Type, s.Name));
            foreach (var service in records)
            {
                if (!old.Remove((service.Type, service.Name), out var was) || !SameService(was, service))
                {
                    Changes.Publish(new CloudChange(CloudChangeKinds.ServiceUp, node.Name, ToRecord(node, service), now, Source));
                }
            }
            foreach (var gone in old.Values)
            {
                Changes.Publish(new CloudChange(CloudChangeKinds.ServiceDown, node.Name, ToRecord(node, gone), now, Source));
            }
        }
    }

    /// <summary>A fetch failed or its answer was refused: logged (rate-limited) and retried later, with backoff.</summary>
    public void FetchFailed(FetchRequest request, string reason)
    {
        _rejections.Report(logger, request.Node, reason);
        lock (_gate)
        {
            if (_nodes.TryGetValue(request.Node, out var node))
            {
                node.Failures++;
                var delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(node.Failures - 1, 10)));
                node.RetryAt = time.GetUtcNow() + delay;
            }
        }
    }

    private void ApplyLocked(SerfMember member)
    {
        var now = time.GetUtcNow();
        if (!_nodes.TryGetValue(member.Name, out var node))
        {
            if (_nodes.Count >= MaxNodes)
            {
                _rejections.Report(logger, member.Name, $"more than {MaxNodes} members; ignored");
                return;
            }
            node = new CloudNode(member.Name) { Status = SerfMemberStatus.None };
            _nodes.Add(member.Name, node);
        }
        var wasAlive = node.IsAlive;
        node.Address = member.Address;
        var summary = TagSummary.TryParse(member.Tags, out var tagError);
        if (tagError.Length > 0)
        {
            _rejections.Report(logger, member.Name, tagError);
        }
        var isAlive = member.Status is SerfMemberStatus.Alive or SerfMemberStatus.Leaving;
        if (!isAlive)
        {
            node.Summary = summary;
            if (wasAlive || node.Status == SerfMemberStatus.None)
            {
                GoneLocked(node, member.Status);
            }
            node.Status = member.Status;
            return;
        }
        node.Status = member.Status;
        node.LastSeen = now;
        if (!wasAlive)
        {
            Changes.Publish(new CloudChange(CloudChangeKinds.NodeJoined, node.Name, null, now, Source));
        }
        if (summary?.NodeId != node.Summary?.NodeId && node.Records.Count > 0)
        {
            // Another agent (or none) now answers under this name: what the old one published is not its.
            DropRecordsLocked(node, now);
        }
        if (summary?.Digest != node.Summary?.Digest)
        {
            node.RetryAt = default;
            node.Failures = 0;
        }
        node.Summary = summary;
        if (summary is not null && summary.Count == 0 && summary.Digest == RecordDigest.Compute(summary.NodeId, []))
        {
            // Nothing published: no need to ask.
            DropRecordsLocked(node, now);
            node.RecordsDigest = summary.Digest;
        }
    }

    /// <summary>The node failed or left: its records go at once, each with a service-down change.</summary>
    private void GoneLocked(CloudNode node, SerfMemberStatus status)
    {
        var now = time.GetUtcNow();
        var wasAlive = node.IsAlive;
        DropRecordsLocked(node, now);
        node.RecordsDigest = null;
        node.Status = status;
        if (wasAlive)
        {
            Changes.Publish(new CloudChange(status == SerfMemberStatus.Failed ? CloudChangeKinds.NodeFailed : CloudChangeKinds.NodeLeft, node.Name, null, now, Source));
        }
    }

    private void DropRecordsLocked(CloudNode node, DateTimeOffset now)
    {
        foreach (var service in node.Records)
        {
            Changes.Publish(new CloudChange(CloudChangeKinds.ServiceDown, node.Name, ToRecord(node, service), now, Source));
        }
        node.Records = [];
        node.RecordsDigest = null;
    }

    private List<FetchRequest> DueLocked()
    {
        var now = time.GetUtcNow();
        var due = new List<FetchRequest>();
        foreach (var node in _nodes.Values)
        {
            if (node.IsStale && node.RetryAt <= now)
            {
                due.Add(new FetchRequest(node.Name, node.Summary!.NodeId, node.Summary.Digest, node.Summary.Count));
            }
        }
        return due;
    }

    /// <summary>Same port and fields (type and name are the identity).</summary>
    internal static bool SameService(LocalService a, LocalService b) =>
        a.Port == b.Port && a.Fields.Count == b.Fields.Count && a.Fields.All(f => b.Fields.TryGetValue(f.Key, out var v) && v == f.Value);

    private static ServiceRecord ToRecord(CloudNode node, LocalService s) => new(
        node.Summary?.NodeId ?? "",
        node.Name,
        node.Summary?.Community ?? "",
        node.Address is { } a ? [a.ToString()] : [],
        s.Type,
        s.Name,
        s.Port,
        s.Fields,
        "healthy",
        node.Summary?.Capacity);
}
