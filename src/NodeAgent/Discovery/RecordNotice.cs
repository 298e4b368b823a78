using System.Text;

namespace NodeAgent.Discovery;

/// <summary>
/// "Node <see cref="NodeId"/> now announces digest <see cref="Digest"/>": the Serf user event an agent fires after
/// each change of its record set. Serf delivers user events at once (not coalesced), but member-update events to
/// the RPC stream only after a quiet second (up to 3 s): the notice tells the others to read the member list now,
/// instead of every agent polling it all the time. It is only a hint: the member list stays the authority, so a
/// forged notice costs a few member reads and nothing else.
/// </summary>
internal readonly record struct RecordNotice(string NodeId, string Digest)
{
    /// <summary>The user event's name (Serf stream filter <c>user:nodeagent-records</c>).</summary>
    public const string EventName = "nodeagent-records";

    /// <summary>The digest a stopping agent announces: it has withdrawn its tags, records and all.</summary>
    public const string Withdrawn = "0000000000000000";

    /// <summary>Payload: node id, a space, digest (49 ASCII bytes).</summary>
    public byte[] Encode() => Encoding.ASCII.GetBytes($"{NodeId} {Digest}");

    public static RecordNotice? TryDecode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 32 + 1 + 16 || payload[32] != (byte)' ')
        {
            return null;
        }
        var id = Encoding.ASCII.GetString(payload[..32]);
        var digest = Encoding.ASCII.GetString(payload[33..]);
        return RecordCodec.NodeIdPattern().IsMatch(id) && RecordCodec.DigestPattern().IsMatch(digest) ? new RecordNotice(id, digest) : null;
    }
}
