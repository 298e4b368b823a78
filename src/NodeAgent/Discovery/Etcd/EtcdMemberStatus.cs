namespace NodeAgent.Discovery.Etcd;

/// <summary>One member's view of the cluster (<c>/v3/maintenance/status</c>).</summary>
internal sealed record EtcdMemberStatus(ulong MemberId, ulong LeaderId, string Version, long DbSizeBytes, ulong RaftTerm, long Revision)
{
    /// <summary>This member is the Raft leader.</summary>
    public bool IsLeader => LeaderId != 0 && LeaderId == MemberId;
}
