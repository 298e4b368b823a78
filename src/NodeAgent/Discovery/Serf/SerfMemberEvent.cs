namespace NodeAgent.Discovery.Serf;

/// <summary>Members joined, left, failed, changed tags or were reaped (Serf coalesces several into one record).</summary>
internal sealed record SerfMemberEvent(SerfMemberEventKind Kind, IReadOnlyList<SerfMember> Members) : SerfEvent;
