namespace NodeAgent.Discovery.Serf;

/// <summary>What happened to the members of a <see cref="SerfMemberEvent"/>.</summary>
internal enum SerfMemberEventKind
{
    /// <summary>"member-join".</summary>
    Join,

    /// <summary>"member-leave": left gracefully.</summary>
    Leave,

    /// <summary>"member-failed": stopped answering.</summary>
    Failed,

    /// <summary>"member-update": tags changed.</summary>
    Update,

    /// <summary>"member-reap": a failed or left member was forgotten.</summary>
    Reap,
}
