namespace NodeAgent.Discovery.Serf;

/// <summary>A member's state as Serf reports it (<c>serf.MemberStatus</c>).</summary>
internal enum SerfMemberStatus
{
    /// <summary>A status this client does not know (a newer Serf).</summary>
    Unknown,

    /// <summary>"none": known by name only.</summary>
    None,

    /// <summary>"alive".</summary>
    Alive,

    /// <summary>"leaving": a graceful leave is under way.</summary>
    Leaving,

    /// <summary>"left": left gracefully; reaped later.</summary>
    Left,

    /// <summary>"failed": stopped answering probes; Serf retries it every 30 s until reaped.</summary>
    Failed,
}
