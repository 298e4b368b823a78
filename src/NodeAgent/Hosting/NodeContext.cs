using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// Who this node is right now: its permanent identity, its configuration and the settings in force
/// (the owner's saved values over the configured ones).
/// </summary>
internal sealed class NodeContext
{
    private readonly SettingsStore _settingsStore;
    private readonly Lock _lock = new();
    private SavedSettings _saved;

    public NodeContext(AgentOptions options, NodeIdentity identity, SettingsStore settingsStore, TimeProvider time)
    {
        Options = options;
        Identity = identity;
        _settingsStore = settingsStore;
        _saved = settingsStore.Read();
        StartedAt = time.GetTimestamp();
        Time = time;
    }

    public AgentOptions Options { get; }

    public NodeIdentity Identity { get; }

    public TimeProvider Time { get; }

    /// <summary>Raised when something that can change the node's state changed (settings here; samples, start-up elsewhere).</summary>
    public ConditionsChanged Changes { get; } = new();

    /// <summary>Monotonic timestamp of agent start (see <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    public double AgentUptimeSeconds => Time.GetElapsedTime(StartedAt).TotalSeconds;

    /// <summary>The settings in force.</summary>
    public NodeSettings Settings
    {
        get
        {
            var saved = _saved;
            return new NodeSettings(
                saved.Name ?? Options.NodeName, saved.Name is null ? "config" : "saved",
                saved.Community ?? Options.Community, saved.Community is null ? "config" : "saved",
                saved.LanReadOnly ?? false);
        }
    }

    /// <summary>Clears the owner's saved settings durably (factory reset), then the configured values are in force.</summary>
    public NodeSettings FactoryReset(string why)
    {
        lock (_lock)
        {
            _saved = _settingsStore.Reset(why);
        }
        Changes.Raise();
        return Settings;
    }

    /// <summary>Saves a validated change durably, then puts it in force.</summary>
    public NodeSettings Update(SettingsUpdate update)
    {
        lock (_lock)
        {
            _saved = _settingsStore.Save(_saved, update);
        }
        Changes.Raise();
        return Settings;
    }
}
