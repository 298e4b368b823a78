using System.Buffers;
using System.Globalization;
using System.Net;
using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>
/// Reads the agent's msgpack objects into this client's records. Go's codec (RawToString) writes strings as
/// msgpack str and []byte as bin; nil maps and slices come as nil. Field names are Go's struct field names.
/// Unknown fields are skipped (newer agents add some); a value of the wrong type or over a limit throws
/// <see cref="InvalidDataException"/>, which fails only the call or record it belongs to: the frame reader
/// has already checked the object's size and depth, so skipping it keeps the stream in step.
/// </summary>
internal static partial class SerfRecordDecoder
{
    /// <summary>Reads a response header <c>{Seq, Error}</c>.</summary>
    public static (ulong Seq, string Error) ReadHeader(ReadOnlyMemory<byte> frame)
    {
        try
        {
            var reader = new MessagePackReader(frame);
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                throw new InvalidDataException($"a response header must be a map, got {reader.NextMessagePackType}");
            }
            ulong? seq = null;
            var error = "";
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                switch (ReadKey(ref reader))
                {
                    case "Seq":
                        seq = reader.ReadUInt64();
                        break;
                    case "Error":
                        error = ReadString(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            return (seq ?? throw new InvalidDataException("a response header has no Seq"), error);
        }
        catch (Exception e) when (IsDecodeError(e))
        {
            throw new InvalidDataException($"unreadable response header: {e.Message}", e);
        }
    }

    /// <summary>The exceptions MessagePackReader throws for data of the wrong shape.</summary>
    public static bool IsDecodeError(Exception e) =>
        e is MessagePackSerializationException or InvalidDataException or EndOfStreamException or OverflowException or FormatException or InvalidOperationException;

    /// <summary>Reads an event-stream record: a member event, a user event or a query.</summary>
    public static SerfEvent ReadEvent(ref MessagePackReader reader, SerfClientOptions options)
    {
        string? kind = null, name = null;
        byte[] payload = [];
        ulong lamport = 0, id = 0;
        var coalesce = false;
        IReadOnlyList<SerfMember> members = [];
        var count = ReadMapHeader(ref reader, "event record");
        for (var i = 0; i < count; i++)
        {
            switch (ReadKey(ref reader))
            {
                case "Event":
                    kind = ReadString(ref reader);
                    break;
                case "Name":
                    name = ReadString(ref reader);
                    break;
                case "Payload":
                    payload = ReadPayload(ref reader, options.MaxPayloadBytes);
                    break;
                case "LTime":
                    lamport = reader.ReadUInt64();
                    break;
                case "ID":
                    id = reader.ReadUInt64();
                    break;
                case "Coalesce":
                    coalesce = reader.ReadBoolean();
                    break;
                case "Members":
                    members = ReadMembers(ref reader, options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return kind switch
        {
            "user" => new SerfUserEvent(name ?? "", payload, lamport, coalesce),
            "query" => new SerfQueryEvent(id, name ?? "", payload, lamport),
            "member-join" => new SerfMemberEvent(SerfMemberEventKind.Join, members),
            "member-leave" => new SerfMemberEvent(SerfMemberEventKind.Leave, members),
            "member-failed" => new SerfMemberEvent(SerfMemberEventKind.Failed, members),
            "member-update" => new SerfMemberEvent(SerfMemberEventKind.Update, members),
            "member-reap" => new SerfMemberEvent(SerfMemberEventKind.Reap, members),
            null => throw new InvalidDataException("an event record has no Event field"),
            _ => throw new InvalidDataException($"unknown event type '{kind}'"),
        };
    }

    /// <summary>Reads a query record <c>{Type: "ack"|"response"|"done", From, Payload}</c>; null for "done".</summary>
    public static SerfQueryRecord? ReadQueryRecord(ref MessagePackReader reader, SerfClientOptions options)
    {
        string? type = null;
        var from = "";
        byte[] payload = [];
        var count = ReadMapHeader(ref reader, "query record");
        for (var i = 0; i < count; i++)
        {
            switch (ReadKey(ref reader))
            {
                case "Type":
                    type = ReadString(ref reader);
                    break;
                case "From":
                    from = ReadString(ref reader);
                    break;
                case "Payload":
                    payload = ReadPayload(ref reader, options.MaxPayloadBytes);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return type switch
        {
            "ack" => new SerfQueryRecord(SerfQueryRecordKind.Ack, from, []),
            "response" => new SerfQueryRecord(SerfQueryRecordKind.Response, from, payload),
            "done" => null,
            _ => throw new InvalidDataException($"unknown query record type '{type}'"),
        };
    }

    /// <summary>Reads <c>{Num}</c>, the join reply.</summary>
    public static int ReadJoinReply(ref MessagePackReader reader)
    {
        var joined = 0;
        var count = ReadMapHeader(ref reader, "join reply");
        for (var i = 0; i < count; i++)
        {
            if (ReadKey(ref reader) == "Num")
            {
                joined = reader.ReadInt32();
            }
            else
            {
                reader.Skip();
            }
        }
        return joined;
    }

    /// <summary>Reads the stats reply: sections (agent, runtime, serf, tags...) of name/value strings.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ReadStats(ref MessagePackReader reader)
    {
        var sections = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var count = ReadMapHeader(ref reader, "stats reply");
        for (var i = 0; i < count; i++)
        {
            sections[ReadKey(ref reader)] = ReadStringMap(ref reader, "stats section");
        }
        return sections;
    }

    private static int ReadMapHeader(ref MessagePackReader reader, string what) =>
        reader.NextMessagePackType == MessagePackType.Map
            ? reader.ReadMapHeader()
            : throw new InvalidDataException($"a {what} must be a map, got {reader.NextMessagePackType}");

    private static string ReadKey(ref MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.String
            ? reader.ReadString() ?? ""
            : throw new InvalidDataException($"a map key must be a string, got {reader.NextMessagePackType}");

    /// <summary>A string; nil reads as "" (Go's zero value).</summary>
    private static string ReadString(ref MessagePackReader reader) => reader.TryReadNil() ? "" : reader.ReadString() ?? "";

    private static Dictionary<string, string> ReadStringMap(ref MessagePackReader reader, string what)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.TryReadNil())
        {
            return map;
        }
        var count = ReadMapHeader(ref reader, what);
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            map[key] = ReadString(ref reader);
        }
        return map;
    }

    /// <summary>Opaque bytes: bin (what Go writes for []byte), str (older encoders), or nil.</summary>
    private static byte[] ReadPayload(ref MessagePackReader reader, int maxBytes)
    {
        if (reader.TryReadNil())
        {
            return [];
        }
        var sequence = reader.NextMessagePackType switch
        {
            MessagePackType.Binary => reader.ReadBytes(),
            MessagePackType.String => reader.ReadStringSequence(),
            var other => throw new InvalidDataException($"a payload must be bytes, got {other}"),
        };
        if (sequence is not { } bytes)
        {
            return [];
        }
        if (bytes.Length > maxBytes)
        {
            throw new InvalidDataException(Invariant($"a payload of {bytes.Length} bytes, more than the limit of {maxBytes}"));
        }
        return bytes.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
