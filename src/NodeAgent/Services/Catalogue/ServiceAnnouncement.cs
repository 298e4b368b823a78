namespace NodeAgent.Services.Catalogue;

/// <summary>How a healthy instance is published to discovery, and what a person who finds it does with it.</summary>
/// <param name="Type">DNS-SD type, e.g. <c>_syncthing._tcp</c>.</param>
/// <param name="Port">The published port; one of the manifest's ports.</param>
/// <param name="Fields">Fixed fields (TXT-record style), checked by the same rules as published records.</param>
/// <param name="Action">What a searching user does with a result.</param>
public sealed record ServiceAnnouncement(string Type, int Port, IReadOnlyDictionary<string, string> Fields, AnnounceAction Action);

/// <summary>
/// The action a searching user takes. <see cref="Template"/> may hold <c>{host}</c> (the node's address) and
/// <c>{port}</c> (the announced port), filled in by the one who searches.
/// </summary>
/// <param name="Kind">Open a URL in a browser, or connect a client program.</param>
/// <param name="Template">URL or address template.</param>
/// <param name="Client">connect-client: the client program to use (e.g. "Syncthing", "a DNS resolver setting").</param>
public sealed record AnnounceAction(AnnounceActionKind Kind, string Template, string? Client);

/// <summary>The kind of <see cref="AnnounceAction"/>.</summary>
public enum AnnounceActionKind
{
    /// <summary>Open the filled-in template (an http or https URL) in a browser.</summary>
    OpenUrl,

    /// <summary>Give the filled-in template (an address) to the named client.</summary>
    ConnectClient,
}
