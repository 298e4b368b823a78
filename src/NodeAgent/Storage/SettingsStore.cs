using LiteDB;
using NodeAgent.Contracts;

namespace NodeAgent.Storage;

/// <summary>
/// Settings the owner changed at run time (API, CLI). They override the configured values, which stay
/// the defaults: the configuration file is the installer's word, a saved setting is the owner's latest.
/// </summary>
internal sealed partial class SettingsStore(NodeStore store, EventLog events)
{
    private const string Collection = "settings";
    private const string DocumentId = "node";

    /// <summary>The owner's saved values; a null field means "use the configured value".</summary>
    public SavedSettings Read() => ReadSaved(store, []);

    /// <summary>
    /// The saved values, read before the host is built (the discovery backends are chosen from them). A saved
    /// section that no longer passes the configuration's checks (its directory became a file, say) is left out,
    /// with why in <paramref name="ignored"/>: the configured value applies.
    /// </summary>
    public static SavedSettings ReadSaved(NodeStore store, List<string> ignored)
    {
        var doc = store.Read(s => s.Collection(Collection).FindById(DocumentId));
        return doc is null ? new SavedSettings(null, null) : FromDocument(doc, ignored);
    }

    /// <summary>
    /// Saves the validated <paramref name="next"/> settings and their event in one durable transaction; returns what
    /// is saved now (<paramref name="current"/> itself when nothing changed: no flash write).
    /// </summary>
    public SavedSettings Save(SavedSettings current, SavedSettings next)
    {
        var changes = Describe(current, next);
        if (changes.Count == 0)
        {
            return current;
        }
        return store.WriteDurably(s =>
        {
            s.Collection(Collection).Upsert(ToDocument(next));
            events.AppendWithin(s, "settings.changed", EventSeverity.Info, "Settings changed: " + string.Join(", ", changes));
            return next;
        });
    }

    /// <summary>
    /// Factory reset: forgets everything the owner saved (the configured values apply again), recording
    /// why in the same durable write. The node's identity and its event log are kept.
    /// </summary>
    public SavedSettings Reset(string why) => store.WriteDurably(s =>
    {
        s.Collection(Collection).Delete(DocumentId);
        events.AppendWithin(s, "node.factory-reset", EventSeverity.Warning, $"Factory reset ({why}): saved settings cleared, configured values apply");
        return new SavedSettings(null, null);
    });
}

/// <summary>Values the owner saved; null = not saved, the configured value applies.</summary>
internal sealed record SavedSettings(string? Name, string? Community, bool? LanReadOnly = null)
{
    /// <summary>The guifi.net node id; 0 = the owner removed it (none, whatever is configured).</summary>
    public int? GuifiNode { get; init; }

    /// <summary>The complete list of declared services (replaces the configured list).</summary>
    public IReadOnlyList<Discovery.LocalService>? Services { get; init; }

    public Configuration.SerfDiscoveryOptions? Serf { get; init; }

    public Configuration.EtcdDiscoveryOptions? Etcd { get; init; }

    public Configuration.AvahiDiscoveryOptions? Avahi { get; init; }
}
