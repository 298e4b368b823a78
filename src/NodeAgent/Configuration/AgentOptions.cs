namespace NodeAgent.Configuration;

/// <summary>
/// The agent's validated configuration. Built once at start-up by <see cref="AgentConfigReader"/>
/// from defaults, the config file, <c>NODEAGENT__*</c> environment variables and flags, in that order.
/// </summary>
internal sealed record AgentOptions
{
    /// <summary>Node name announced to the community; a DNS label. Default: the host name.</summary>
    public required string NodeName { get; init; }

    /// <summary>Community (µcloud) this node belongs to; empty when it has not joined one.</summary>
    public string Community { get; init; } = "";

    /// <summary>The node's id in guifi.net's database; null when not given. Published as a field of every record.</summary>
    public int? GuifiNode { get; init; }

    /// <summary>Board profile to use instead of detecting one; empty = detect.</summary>
    public string Board { get; init; } = "";

    /// <summary>Directory for the store (and the socket unless <see cref="SocketPath"/> says otherwise).</summary>
    public required string DataDir { get; init; }

    /// <summary>HTTP listen URLs. Default is loopback only: opening the UI to the LAN is a deliberate act.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8480"];

    /// <summary>
    /// Names (lower case) the web UI and API may be reached by over TCP, besides IP addresses, localhost and this
    /// machine's host name: any other Host header is refused, which defeats DNS rebinding.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Unix socket for the CLI; its file permissions decide who may ask the daemon.</summary>
    public required string SocketPath { get; init; }

    /// <summary>Where <c>/proc</c> and <c>/sys</c> are found: "/" on a node, a fixture tree in tests.</summary>
    public string HostRoot { get; init; } = "/";

    /// <summary>How often resources are sampled.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often buffered history is written to flash. Longer = fewer writes, more lost on power cut.</summary>
    public TimeSpan HistoryFlushInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many events the event log keeps before dropping the oldest.</summary>
    public int MaxEvents { get; init; } = 1000;

    /// <summary>PBKDF2-SHA256 iterations for a new owner password hash; existing hashes keep their own count.</summary>
    public int PasswordIterations { get; init; } = Auth.PasswordHasher.DefaultIterations;

    /// <summary>Services the owner declares by hand; published while the agent runs (declared ones count as healthy).</summary>
    public IReadOnlyList<Discovery.LocalService> Services { get; init; } = [];

    /// <summary>Directory of local service manifests that add to or replace the built-in catalogue.</summary>
    public string CatalogueDirectory { get; init; } = global::NodeAgent.Services.Catalogue.ServiceCatalogue.DefaultDirectory;

    /// <summary>The Serf discovery backend.</summary>
    public SerfDiscoveryOptions Serf { get; init; } = new();

    /// <summary>The etcd discovery backend.</summary>
    public EtcdDiscoveryOptions Etcd { get; init; } = new();

    /// <summary>The Avahi (mDNS) announcement.</summary>
    public AvahiDiscoveryOptions Avahi { get; init; } = new();

    /// <summary>The board profile's optional outputs the owner has fitted; none are driven unless listed here.</summary>
    public Feedback.ExtraOutputs Extras { get; init; }

    /// <summary>Minimum log level.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}
