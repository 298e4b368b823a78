using System.Net;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

/// <summary>One member of the cloud as <see cref="CloudView"/> keeps it. Only touched under the view's lock.</summary>
internal sealed class CloudNode(string name)
{
    public string Name { get; } = name;

    public IPAddress? Address { get; set; }

    public SerfMemberStatus Status { get; set; }

    /// <summary>Its NodeAgent tags; null for a member that runs no NodeAgent (or announces nonsense).</summary>
    public NodeSummary? Summary { get; set; }

    /// <summary>The digest of <see cref="Records"/>; null until fetched.</summary>
    public string? RecordsDigest { get; set; }

    public IReadOnlyList<LocalService> Records { get; set; } = [];

    /// <summary>When it was last confirmed alive.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>A fetch for this digest failed: not before this time again.</summary>
    public DateTimeOffset RetryAt { get; set; }

    public int Failures { get; set; }

    public bool IsAlive => Status is SerfMemberStatus.Alive or SerfMemberStatus.Leaving;

    /// <summary>Its tags announce a record set this view does not hold yet.</summary>
    public bool IsStale => IsAlive && Summary is { } s && s.Digest != RecordsDigest;
}
