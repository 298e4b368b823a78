namespace NodeAgent.Contracts.Discovery;

/// <summary>One change in the cloud, as <c>GET /api/v1/cloud/changes</c> streams it (one per Server-Sent Event).</summary>
/// <param name="Kind">One of <see cref="CloudChangeKinds"/>.</param>
/// <param name="Node">The node's name.</param>
/// <param name="Service">The service that came up or went down; null for node changes.</param>
/// <param name="Time">When this node saw it (UTC).</param>
/// <param name="Source">The discovery backend that saw it (<c>serf</c>, <c>etcd</c>): each reports its own changes.</param>
public sealed record CloudChange(string Kind, string Node, ServiceRecord? Service, DateTimeOffset Time, string? Source = null);

/// <summary>The values of <see cref="CloudChange.Kind"/>.</summary>
public static class CloudChangeKinds
{
    /// <summary>A node joined (or was seen alive again).</summary>
    public const string NodeJoined = "node-joined";

    /// <summary>A node left gracefully.</summary>
    public const string NodeLeft = "node-left";

    /// <summary>A node stopped answering.</summary>
    public const string NodeFailed = "node-failed";

    /// <summary>A service was published.</summary>
    public const string ServiceUp = "service-up";

    /// <summary>A service is no longer published (stopped, unhealthy, or its node is gone).</summary>
    public const string ServiceDown = "service-down";
}
