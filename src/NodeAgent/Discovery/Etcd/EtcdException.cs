namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// An etcd call failed: etcd refused it (its own text is in <see cref="EtcdError"/>), no member could be
/// reached, or a member sent something this client will not read. The message names the member(s), the
/// cause and what to check next, and is fit to log or print as it is.
/// </summary>
internal sealed class EtcdException : Exception
{
    public EtcdException(string message) : base(message)
    {
    }

    public EtcdException(string message, Exception? inner) : base(message, inner)
    {
    }

    /// <summary>The gRPC status code etcd answered with (5 = not found, 14 = unavailable, …), when it answered with one.</summary>
    public int? GrpcCode { get; init; }

    /// <summary>etcd's own error text (e.g. "etcdserver: requested lease not found"), when it answered with one.</summary>
    public string? EtcdError { get; init; }

    /// <summary>For a watch that etcd cancelled because its start revision was compacted: the oldest revision still kept.</summary>
    public long? CompactRevision { get; init; }

    /// <summary>The lease named in the call no longer exists (expired or revoked): grant a new one and put again.</summary>
    public bool IsLeaseNotFound => EtcdError == "etcdserver: requested lease not found";
}
