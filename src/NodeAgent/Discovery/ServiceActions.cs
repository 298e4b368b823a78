using System.Net;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Discovery;

/// <summary>
/// The action a searching user takes travels as three reserved fields of the record, so every backend carries it
/// (Serf pages, etcd values, Avahi TXT records) and an owner can declare one by hand the same way:
/// <c>action</c> (<c>open-url</c> or <c>connect-client</c>), <c>action-template</c> (with <c>{host}</c> and
/// <c>{port}</c>) and, for a client, <c>action-client</c>. The searcher fills the template in for the node and
/// offers it only when the result is harmless: an http(s) URL to that node, or an address.
/// </summary>
internal static class ServiceActions
{
    public const string KindKey = "action";
    public const string TemplateKey = "action-template";
    public const string ClientKey = "action-client";

    /// <summary>Fields a manifest's own <c>fields</c> leave free for the action.</summary>
    public const int ReservedFields = 3;

    public const string OpenUrl = "open-url";
    public const string ConnectClient = "connect-client";

    public static bool IsReserved(string key) => key is KindKey or TemplateKey or ClientKey;

    /// <summary>The announcement's fields with its action added.</summary>
    public static SortedDictionary<string, string> Fields(ServiceAnnouncement announce)
    {
        var fields = new SortedDictionary<string, string>(announce.Fields.ToDictionary(), StringComparer.Ordinal)
        {
            [KindKey] = announce.Action.Kind == AnnounceActionKind.OpenUrl ? OpenUrl : ConnectClient,
            [TemplateKey] = announce.Action.Template,
        };
        if (announce.Action.Client is { } client)
        {
            fields[ClientKey] = client;
        }
        return fields;
    }

    /// <summary>The filled-in action of <paramref name="record"/>, or null when it has none or one not safe to offer.</summary>
    public static ServiceAction? Resolve(ServiceRecord record)
    {
        if (!record.Fields.TryGetValue(KindKey, out var kind) || !record.Fields.TryGetValue(TemplateKey, out var template)
            || record.Addresses.Count == 0 || !IPAddress.TryParse(record.Addresses[0], out var address))
        {
            return null;
        }
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var target = template.Replace("{host}", host, StringComparison.Ordinal).Replace("{port}", record.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (!template.Contains("{host}", StringComparison.Ordinal) || target.IndexOfAny(['{', '}', '"', '<', '>', '\\', '`']) >= 0
            || target.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null; // a template that does not point at the node itself, or that could break out of a link
        }
        switch (kind)
        {
            case OpenUrl when Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                && string.Equals(url.Host.Trim('[', ']'), address.ToString(), StringComparison.OrdinalIgnoreCase)
                && url.UserInfo.Length == 0:
                return new ServiceAction(OpenUrl, url.AbsoluteUri, null);
            case ConnectClient when record.Fields.TryGetValue(ClientKey, out var client) && ServiceRules.IsValidName(client):
                return new ServiceAction(ConnectClient, target, client);
            default:
                return null;
        }
    }
}
