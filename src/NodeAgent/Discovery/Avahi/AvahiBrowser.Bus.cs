using Tmds.DBus.Protocol;

namespace NodeAgent.Discovery.Avahi;

/// <summary>
/// avahi-daemon's D-Bus API, written by hand against Tmds.DBus.Protocol (NativeAOT-clean). Browsers are made with the
/// <c>*Prepare</c> methods of <c>Server2</c> (avahi 0.8) and started only after their signals are watched, so no
/// item is announced before anyone listens.
/// </summary>
internal sealed partial class AvahiBrowser
{
    private const string AvahiName = "org.freedesktop.Avahi";
    private const string ServerInterface = "org.freedesktop.Avahi.Server";
    private const string Server2Interface = "org.freedesktop.Avahi.Server2";
    private const string TypeBrowserInterface = "org.freedesktop.Avahi.ServiceTypeBrowser";
    private const string ServiceBrowserInterface = "org.freedesktop.Avahi.ServiceBrowser";
    private const int Unspecified = -1; // AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC

    /// <summary>A browser signal: which browser (its object path), and the item it names.</summary>
    private readonly record struct BrowserSignal(string Path, string Member, AvahiLanView.Instance Item);

    /// <summary>A type browser's <c>ItemNew</c>: a service type seen on the LAN.</summary>
    private readonly record struct TypeFound(string Type, string Domain);

    /// <summary>avahi-daemon's bus name changed owner: "" when it left, a unique name when it (re)started.</summary>
    private readonly record struct OwnerChanged(string Name, string Owner);

    private readonly record struct ResolvedService(string Host, string Address, int Port, List<byte[]> Txt);

    private static MessageBuffer ServerCall(DBusConnection bus, string member)
    {
        using var writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: AvahiName, path: "/", @interface: ServerInterface, member: member);
        return writer.CreateMessage();
    }

    private static MessageBuffer TypeBrowserPrepare(DBusConnection bus)
    {
        using var writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: AvahiName, path: "/", @interface: Server2Interface, member: "ServiceTypeBrowserPrepare", signature: "iisu");
        writer.WriteInt32(Unspecified);
        writer.WriteInt32(Unspecified);
        writer.WriteString("");
        writer.WriteUInt32(0);
        return writer.CreateMessage();
    }

    private static MessageBuffer ServiceBrowserPrepare(DBusConnection bus, string type, string domain)
    {
        using var writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: AvahiName, path: "/", @interface: Server2Interface, member: "ServiceBrowserPrepare", signature: "iissu");
        writer.WriteInt32(Unspecified);
        writer.WriteInt32(Unspecified);
        writer.WriteString(type);
        writer.WriteString(domain);
        writer.WriteUInt32(0);
        return writer.CreateMessage();
    }

    private static MessageBuffer Start(DBusConnection bus, string path, string @interface)
    {
        using var writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: AvahiName, path: path, @interface: @interface, member: "Start");
        return writer.CreateMessage();
    }

    private static MessageBuffer ResolveService(DBusConnection bus, AvahiLanView.Instance item)
    {
        using var writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: AvahiName, path: "/", @interface: ServerInterface, member: "ResolveService", signature: "iisssiu");
        writer.WriteInt32(item.Interface);
        writer.WriteInt32(item.Protocol);
        writer.WriteString(item.Name);
        writer.WriteString(item.Type);
        writer.WriteString(item.Domain);
        writer.WriteInt32(Unspecified);
        writer.WriteUInt32(0);
        return writer.CreateMessage();
    }

    private static string ReadPath(Message message, object? state) => message.GetBodyReader().ReadObjectPathAsString();

    private static string ReadString(Message message, object? state) => message.GetBodyReader().ReadString();

    /// <summary><c>ResolveService</c>'s answer: (i, i, s name, s type, s domain, s host, i aprotocol, s address, q port, aay txt, u flags).</summary>
    private static ResolvedService ReadResolved(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        reader.ReadInt32();
        reader.ReadInt32();
        reader.ReadString();
        reader.ReadString();
        reader.ReadString();
        var host = reader.ReadString();
        reader.ReadInt32();
        var address = reader.ReadString();
        var port = reader.ReadUInt16();
        var txt = new List<byte[]>();
        var end = reader.ReadArrayStart(DBusType.Array);
        while (reader.HasNext(end))
        {
            txt.Add(reader.ReadArrayOfByte());
        }
        return new ResolvedService(host, address, port, txt);
    }

    /// <summary>Type browser <c>ItemNew(i, i, s type, s domain, u flags)</c>: the type and domain.</summary>
    private static TypeFound ReadType(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        reader.ReadInt32();
        reader.ReadInt32();
        return new TypeFound(reader.ReadString(), reader.ReadString());
    }

    /// <summary>Service browser <c>ItemNew</c>/<c>ItemRemove(i interface, i protocol, s name, s type, s domain, u flags)</c>.</summary>
    private static BrowserSignal ReadItem(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        var item = new AvahiLanView.Instance(reader.ReadInt32(), reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        return new BrowserSignal(message.PathAsString ?? "", message.MemberAsString ?? "", item);
    }

    /// <summary><c>NameOwnerChanged(s name, s old, s new)</c> of avahi-daemon's name: its new owner, "" when it left.</summary>
    private static OwnerChanged ReadOwnerChange(Message message, object? state)
    {
        var reader = message.GetBodyReader();
        var name = reader.ReadString();
        reader.ReadString();
        return new OwnerChanged(name, reader.ReadString());
    }
}
