using LiteDB;
using NodeAgent.Contracts;

namespace NodeAgent.Storage;

/// <summary>
/// Settings the owner changed at run time (API, CLI). They override the configured values, which stay
/// the defaults: the configuration file is the installer's word, a saved setting is the owner's latest.
/// </summary>
internal sealed class SettingsStore(NodeStore store, EventLog events)
{
    private const string Collection = "settings";
    private const string DocumentId = "node";

    /// <summary>The owner's saved values; a null field means "use the configured value".</summary>
    public SavedSettings Read()
    {
        var doc = store.Read(s => s.Collection(Collection).FindById(DocumentId));
        return doc is null ? new SavedSettings(null, null) : new SavedSettings(OptionalString(doc, "name"), OptionalString(doc, "community"), OptionalBool(doc, "lanReadOnly"));
    }

    /// <summary>
    /// Saves a validated change and its event in one durable transaction; returns what is saved now.
    /// </summary>
    public SavedSettings Save(SavedSettings current, SettingsUpdate update)
    {
        var next = new SavedSettings(update.Name ?? current.Name, update.Community ?? current.Community, update.LanReadOnly ?? current.LanReadOnly);
        if (next == current)
        {
            return current;
        }
        return store.WriteDurably(s =>
        {
            var doc = new BsonDocument { ["_id"] = DocumentId };
            if (next.Name is not null)
            {
                doc["name"] = next.Name;
            }
            if (next.Community is not null)
            {
                doc["community"] = next.Community;
            }
            if (next.LanReadOnly is { } lan)
            {
                doc["lanReadOnly"] = lan;
            }
            s.Collection(Collection).Upsert(doc);
            events.AppendWithin(s, "settings.changed", EventSeverity.Info, Describe(current, next));
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

    private static string Describe(SavedSettings before, SavedSettings after)
    {
        var parts = new List<string>(3);
        if (before.Name != after.Name)
        {
            parts.Add($"name '{before.Name}' → '{after.Name}'");
        }
        if (before.Community != after.Community)
        {
            parts.Add($"community '{before.Community}' → '{after.Community}'");
        }
        if (before.LanReadOnly != after.LanReadOnly)
        {
            parts.Add(after.LanReadOnly == true ? "reads opened to the LAN" : "reads closed to the LAN (loopback and owners only)");
        }
        return "Settings changed: " + string.Join(", ", parts);
    }

    private static string? OptionalString(BsonDocument doc, string key) => doc.TryGetValue(key, out var v) && v.IsString ? v.AsString : null;

    private static bool? OptionalBool(BsonDocument doc, string key) => doc.TryGetValue(key, out var v) && v.IsBoolean ? v.AsBoolean : null;
}

/// <summary>Values the owner saved; null = not saved, the configured value applies.</summary>
internal sealed record SavedSettings(string? Name, string? Community, bool? LanReadOnly = null);
