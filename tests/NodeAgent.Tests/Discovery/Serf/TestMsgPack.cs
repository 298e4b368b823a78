using System.Buffers;
using MessagePack;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// Writes test objects as msgpack the way Go's codec does (str for strings, bin for byte[]):
/// null, string, byte[], bool, int, long, ulong, double, Dictionary&lt;string, object?&gt; (map),
/// object?[] (array), and <see cref="Raw"/> for bytes that go out as they are.
/// </summary>
internal static class TestMsgPack
{
    public sealed record Raw(byte[] Bytes);

    public static byte[] Encode(params object?[] objects)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        foreach (var o in objects)
        {
            Write(ref writer, o);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    public static Dictionary<string, object?> Header(ulong seq, string error = "") => Map(("Seq", seq), ("Error", error));

    public static Dictionary<string, object?> Member(string name, byte[] addr, int port = 7946, string status = "alive") => Map(
        ("Name", name), ("Addr", addr), ("Port", port), ("Tags", Map(("role", "x"))), ("Status", status),
        ("ProtocolMin", 1), ("ProtocolMax", 5), ("ProtocolCur", 2), ("DelegateMin", 2), ("DelegateMax", 5), ("DelegateCur", 4));

    private static void Write(ref MessagePackWriter writer, object? o)
    {
        switch (o)
        {
            case null: writer.WriteNil(); break;
            case string s: writer.Write(s); break;
            case byte[] b: writer.Write(b); break;
            case bool b: writer.Write(b); break;
            case int i: writer.Write(i); break;
            case long l: writer.Write(l); break;
            case ulong u: writer.Write(u); break;
            case double d: writer.Write(d); break;
            case Raw r: writer.WriteRaw(r.Bytes); break;
            case Dictionary<string, object?> map:
                writer.WriteMapHeader(map.Count);
                foreach (var (key, value) in map)
                {
                    writer.Write(key);
                    Write(ref writer, value);
                }
                break;
            case object?[] array:
                writer.WriteArrayHeader(array.Length);
                foreach (var item in array)
                {
                    Write(ref writer, item);
                }
                break;
            default: throw new ArgumentException($"no msgpack form for {o.GetType()}", nameof(o));
        }
    }
}
