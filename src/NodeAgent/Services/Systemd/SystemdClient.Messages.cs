using Tmds.DBus.Protocol;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// The messages the client sends, one builder per shape. They are separate, non-async methods because the
/// <see cref="MessageWriter"/> is a ref struct that cannot live across an await.
/// </summary>
public sealed partial class SystemdClient
{
    private MessageBuffer ManagerCall(string member)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Destination, path: ManagerPath, @interface: ManagerInterface, member: member);
        return writer.CreateMessage();
    }

    private MessageBuffer ManagerCall(string member, string argument)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Destination, path: ManagerPath, @interface: ManagerInterface, member: member, signature: "s");
        writer.WriteString(argument);
        return writer.CreateMessage();
    }

    private MessageBuffer ManagerCall(string member, string first, string second)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Destination, path: ManagerPath, @interface: ManagerInterface, member: member, signature: "ss");
        writer.WriteString(first);
        writer.WriteString(second);
        return writer.CreateMessage();
    }

    /// <summary><c>EnableUnitFiles(as files, b runtime, b force)</c> and <c>DisableUnitFiles(as files, b runtime)</c>: persistent, never forced.</summary>
    private MessageBuffer UnitFilesCall(string member, string unit)
    {
        bool enable = member == "EnableUnitFiles";
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Destination, path: ManagerPath, @interface: ManagerInterface, member: member, signature: enable ? "asbb" : "asb");
        writer.WriteArray(new[] { unit });
        writer.WriteBool(false);
        if (enable)
        {
            writer.WriteBool(false);
        }

        return writer.CreateMessage();
    }

    private MessageBuffer PropertyGet(string path, string @interface, string property)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Destination, path: path, @interface: PropertiesInterface, member: "Get", signature: "ss");
        writer.WriteString(@interface);
        writer.WriteString(property);
        return writer.CreateMessage();
    }

    private static string ReadObjectPath(Message message, object? state) => message.GetBodyReader().ReadObjectPathAsString();

    private static VariantValue ReadVariant(Message message, object? state) => message.GetBodyReader().ReadVariantValue();

    /// <summary>The <c>a(sss)</c> of unit-file changes (type, file, destination), as "type file → destination" lines for the log.</summary>
    private static List<string> ReadChanges(ref Reader reader)
    {
        var changes = new List<string>();
        ArrayEnd end = reader.ReadArrayStart(DBusType.Struct);
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string type = reader.ReadString();
            string file = reader.ReadString();
            string destination = reader.ReadString();
            changes.Add(destination.Length > 0 ? $"{type} {file} → {destination}" : $"{type} {file}");
        }

        return changes;
    }
}
