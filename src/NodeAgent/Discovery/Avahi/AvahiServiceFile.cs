using System.Globalization;
using System.Security;
using System.Text;

namespace NodeAgent.Discovery.Avahi;

/// <summary>
/// One published service as an avahi-daemon static service file (<c>avahi.service(5)</c>): its DNS-SD type, port,
/// instance name and fields as TXT records, plus the node id and community so a LAN browser can tell agents apart.
/// Every file the agent owns is named <c>nodeagent-HASH.service</c>, HASH a digest of type and instance name:
/// the agent removes only files with that prefix, never the owner's own.
/// </summary>
internal static class AvahiServiceFile
{
    public const string Prefix = "nodeagent-";
    public const string Suffix = ".service";

    /// <summary>TXT keys that tell a LAN browser which agent a service belongs to.</summary>
    public const string NodeIdKey = "nodeagent-id";

    public const string CommunityKey = "community";

    /// <summary>The file name for a service: stable for the same type and instance name.</summary>
    public static string FileName(LocalService service) => Prefix + RecordDigest.Of(service.Type, service.Name) + Suffix;

    public static bool IsOwned(string fileName) =>
        fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>The file's XML. Names and values were validated as published records; they are escaped all the same.</summary>
    public static string Render(LocalService service, string nodeId, string community)
    {
        var xml = new StringBuilder(512);
        xml.Append("<?xml version=\"1.0\" standalone='no'?>\n");
        xml.Append("<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n");
        xml.Append("<!-- Written by nodeagent; it replaces or removes this file as the service changes. -->\n");
        xml.Append("<service-group>\n");
        xml.Append("  <name>").Append(Escape(service.Name)).Append("</name>\n");
        xml.Append("  <service>\n");
        xml.Append("    <type>").Append(Escape(service.Type)).Append("</type>\n");
        xml.Append("    <port>").Append(service.Port.ToString(CultureInfo.InvariantCulture)).Append("</port>\n");
        foreach (var (key, value) in service.Fields)
        {
            Txt(xml, key, value);
        }
        Txt(xml, NodeIdKey, nodeId);
        if (community.Length > 0)
        {
            Txt(xml, CommunityKey, community);
        }
        xml.Append("  </service>\n");
        xml.Append("</service-group>\n");
        return xml.ToString();
    }

    private static void Txt(StringBuilder xml, string key, string value) =>
        xml.Append("    <txt-record>").Append(Escape(key)).Append('=').Append(Escape(value)).Append("</txt-record>\n");

    private static string Escape(string text) => SecurityElement.Escape(text);
}
