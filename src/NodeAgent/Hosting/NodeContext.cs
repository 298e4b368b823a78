using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// Who this node is right now: its permanent identity, its configuration and the settings in force
/// (the owner's saved values over the configured ones).
/// </summary>
internal sealed partial class NodeContext
{
    private readonly SettingsStore _settingsStore;
    private readonly AgentOptions _configured;
    private readonly Lock _lock = new();
    private SavedSettings _saved;

    /// <summary>
    /// <paramref name="options"/> are those the agent started with (the configuration with the owner's saved sections
    /// applied); <paramref name="configured"/> the configuration alone, what applies where nothing is saved (null: the same).
    /// </summary>
    public NodeContext(AgentOptions options, NodeIdentity identity, SettingsStore settingsStore, TimeProvider time, ConfiguredOptions? configured = null)
    {
        Options = options;
        Identity = identity;
        _settingsStore = settingsStore;
        _configured = configured?.Options ?? options;
        _saved = settingsStore.Read();
        StartedAt = time.GetTimestamp();
        Time = time;
    }

    /// <summary>The options the agent started with (for the discovery backends in force, see <see cref="BackendOptions"/>).</summary>
    public AgentOptions Options { get; }

    public NodeIdentity Identity { get; }

    public TimeProvider Time { get; }

    /// <summary>Raised when something that can change the node's state changed (settings here; samples, start-up elsewhere).</summary>
    public ConditionsChanged Changes { get; } = new();

    /// <summary>Raised after the declared services or the guifi.net id in force changed: discovery republishes.</summary>
    public event EventHandler? PublishedChanged;

    /// <summary>Raised after the saved discovery backends changed: <see cref="Discovery.DiscoveryBackends"/> applies them.</summary>
    public event EventHandler? BackendsChanged;

    /// <summary>Monotonic timestamp of agent start (see <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    public double AgentUptimeSeconds => Time.GetElapsedTime(StartedAt).TotalSeconds;

    /// <summary>The services declared by hand in force now.</summary>
    public IReadOnlyList<LocalService> DeclaredServices => _saved.Services ?? _configured.Services;

    /// <summary>The guifi.net node id in force now; null when none.</summary>
    public int? GuifiNode => _saved.GuifiNode switch
    {
        0 => null,
        { } saved => saved,
        null => _configured.GuifiNode,
    };

    /// <summary>Clears the owner's saved settings durably (factory reset), then the configured values are in force.</summary>
    public NodeSettings FactoryReset(string why)
    {
        lock (_lock)
        {
            _saved = _settingsStore.Reset(why);
        }
        Changes.Raise();
        PublishedChanged?.Invoke(this, EventArgs.Empty);
        BackendsChanged?.Invoke(this, EventArgs.Empty);
        return Settings;
    }

    /// <summary>
    /// Validates <paramref name="update"/> as a whole, saves it durably and puts it in force; on any problem nothing
    /// changes and <paramref name="problems"/> says why (null is returned).
    /// </summary>
    /// <exception cref="StoreException">The store refused the write; nothing changed.</exception>
    public NodeSettings? Update(SettingsUpdate update, List<FieldProblem> problems)
    {
        SavedSettings before, after;
        lock (_lock)
        {
            before = _saved;
            if (SettingsEdit.Apply(before, _configured, update, problems) is not { } next)
            {
                return null;
            }
            after = _saved = _settingsStore.Save(before, next);
        }
        Changes.Raise();
        if (!ReferenceEquals(before, after) && (update.Services is not null || update.GuifiNode is not null))
        {
            PublishedChanged?.Invoke(this, EventArgs.Empty);
        }
        if (!ReferenceEquals(before, after) && update.Discovery is not null)
        {
            BackendsChanged?.Invoke(this, EventArgs.Empty);
        }
        return Settings;
    }
}

/// <summary>The configuration as read, before the owner's saved sections were laid over it.</summary>
internal sealed record ConfiguredOptions(AgentOptions Options);
