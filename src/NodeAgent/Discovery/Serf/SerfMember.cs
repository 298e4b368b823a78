using System.Net;

namespace NodeAgent.Discovery.Serf;

/// <summary>One member of the Serf cluster, as the agent's <c>members</c> reply and member events carry it.</summary>
/// <param name="Name">The node name (<c>serf agent -node=</c>).</param>
/// <param name="Address">The gossip address (IPv4 or IPv6).</param>
/// <param name="Port">The gossip port.</param>
/// <param name="Tags">The member's tags (512 bytes encoded at most, enforced by Serf).</param>
/// <param name="Status">Alive, failed, left...</param>
/// <param name="StatusText">Serf's own word for the status, kept for statuses this client does not know.</param>
/// <param name="Protocol">Gossip protocol versions: minimum, maximum, current.</param>
/// <param name="Delegate">Serf delegate protocol versions: minimum, maximum, current.</param>
internal sealed record SerfMember(
    string Name,
    IPAddress Address,
    int Port,
    IReadOnlyDictionary<string, string> Tags,
    SerfMemberStatus Status,
    string StatusText,
    SerfProtocolVersions Protocol,
    SerfProtocolVersions Delegate);
