using System.Net;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>Members: the <c>members</c> reply and the members of member events.</summary>
internal static partial class SerfRecordDecoder
{
    /// <summary>Reads <c>{Members: [...]}</c>.</summary>
    public static IReadOnlyList<SerfMember> ReadMembersReply(ref MessagePackReader reader, SerfClientOptions options)
    {
        IReadOnlyList<SerfMember> members = [];
        var count = ReadMapHeader(ref reader, "members reply");
        for (var i = 0; i < count; i++)
        {
            if (ReadKey(ref reader) == "Members")
            {
                members = ReadMembers(ref reader, options);
            }
            else
            {
                reader.Skip();
            }
        }
        return members;
    }

    private static SerfMember[] ReadMembers(ref MessagePackReader reader, SerfClientOptions options)
    {
        if (reader.TryReadNil())
        {
            return [];
        }
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new InvalidDataException($"Members must be an array, got {reader.NextMessagePackType}");
        }
        var count = reader.ReadArrayHeader();
        if (count > options.MaxMembers)
        {
            throw new InvalidDataException(Invariant($"{count} members, more than the limit of {options.MaxMembers} (SerfClientOptions.MaxMembers)"));
        }
        var members = new SerfMember[count];
        for (var i = 0; i < count; i++)
        {
            members[i] = ReadMember(ref reader);
        }
        return members;
    }

    private static SerfMember ReadMember(ref MessagePackReader reader)
    {
        var name = "";
        var status = "";
        IPAddress? address = null;
        var port = 0;
        IReadOnlyDictionary<string, string> tags = new Dictionary<string, string>();
        byte pMin = 0, pMax = 0, pCur = 0, dMin = 0, dMax = 0, dCur = 0;
        var count = ReadMapHeader(ref reader, "member");
        for (var i = 0; i < count; i++)
        {
            switch (ReadKey(ref reader))
            {
                case "Name": name = ReadString(ref reader); break;
                case "Addr": address = ReadAddress(ref reader); break;
                case "Port": port = reader.ReadUInt16(); break;
                case "Tags": tags = ReadStringMap(ref reader, "member tags"); break;
                case "Status": status = ReadString(ref reader); break;
                case "ProtocolMin": pMin = reader.ReadByte(); break;
                case "ProtocolMax": pMax = reader.ReadByte(); break;
                case "ProtocolCur": pCur = reader.ReadByte(); break;
                case "DelegateMin": dMin = reader.ReadByte(); break;
                case "DelegateMax": dMax = reader.ReadByte(); break;
                case "DelegateCur": dCur = reader.ReadByte(); break;
                default: reader.Skip(); break;
            }
        }
        if (name.Length == 0)
        {
            throw new InvalidDataException("a member without a Name");
        }
        return new SerfMember(
            name,
            address ?? throw new InvalidDataException($"member '{name}' has no Addr"),
            port,
            tags,
            ParseStatus(status),
            status,
            new SerfProtocolVersions(pMin, pMax, pCur),
            new SerfProtocolVersions(dMin, dMax, dCur));
    }

    private static SerfMemberStatus ParseStatus(string status) => status switch
    {
        "none" => SerfMemberStatus.None,
        "alive" => SerfMemberStatus.Alive,
        "leaving" => SerfMemberStatus.Leaving,
        "left" => SerfMemberStatus.Left,
        "failed" => SerfMemberStatus.Failed,
        _ => SerfMemberStatus.Unknown,
    };

    /// <summary>Go's net.IP: 4 bytes (IPv4), or 16 (IPv6, or IPv4 in its IPv6-mapped form, which Go uses inside).</summary>
    private static IPAddress ReadAddress(ref MessagePackReader reader)
    {
        var bytes = ReadPayload(ref reader, 16);
        var address = bytes.Length switch
        {
            4 or 16 => new IPAddress(bytes),
            _ => throw new InvalidDataException(Invariant($"a member address of {bytes.Length} bytes (expected 4 or 16)")),
        };
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
