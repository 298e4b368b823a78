using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeAgent.Configuration;

/// <summary>
/// Turns <see cref="ConfigLayers"/> into a validated <see cref="AgentOptions"/>, collecting every problem
/// (unknown keys, bad values) before failing, so the owner fixes them all in one edit.
/// Keys are read by hand rather than by the binder: the binder stops at the first bad value.
/// </summary>
internal static partial class AgentConfigReader
{
    /// <summary>The system-wide configuration file, read when present.</summary>
    public const string DefaultConfigFile = "/etc/nodeagent/nodeagent.json";

    // Every key the agent understands, with what it means; the list is printed for an unknown key.
    internal static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Node:Name"] = "node name, a DNS label (a-z, 0-9, '-')",
        ["Node:Community"] = "community (µcloud) name",
        ["Node:GuifiNode"] = "the node's id in guifi.net's database (the number in guifi.net/node/NNNN), published with its services",
        ["Node:Board"] = "board profile id to use instead of detection",
        ["DataDir"] = "directory for the agent's store",
        ["Urls"] = "HTTP listen URLs, ';'-separated or a JSON array",
        ["Web:AllowedHosts"] = "further host names the web UI may be opened by over TCP (IP addresses, localhost and this machine's name always work), ';'-separated or a JSON array",
        ["Socket"] = "Unix socket path for the CLI",
        ["Resources:HostRoot"] = "root holding proc/ and sys/",
        ["Resources:SampleSeconds"] = "seconds between resource samples (1-3600)",
        ["History:FlushMinutes"] = "minutes between history writes to flash (1-1440)",
        ["Events:Max"] = "events kept in the event log (10-1000000)",
        ["Log:Level"] = "Trace, Debug, Information, Warning, Error or Critical",
        ["Auth:PasswordIterations"] = "PBKDF2-SHA256 iterations of the owner password hash (100000-10000000, default 600000)",
        ["Services:N:Type"] = "declared service N: DNS-SD type such as _syncthing._tcp",
        ["Services:N:Name"] = "declared service N: instance name (1-63 printable characters)",
        ["Services:N:Port"] = "declared service N: port (1-65535)",
        ["Services:N:Fields:M"] = "declared service N: field M as key=value (at most 16)",
        ["Catalogue:Directory"] = "directory of local service manifests (*.json) that add to or replace the built-in ones (default /etc/nodeagent/services.d)",
        ["Discovery:Serf:Enabled"] = "publish and search through the node's Serf agent (true/false, default true)",
        ["Discovery:Serf:RpcAddress"] = "the Serf agent's RPC address, ADDRESS:PORT (default 127.0.0.1:7373)",
        ["Discovery:Serf:AuthKey"] = "the Serf agent's RPC auth key, when it has one",
        ["Discovery:Etcd:Enabled"] = "publish and search through etcd (true/false, default false)",
        ["Discovery:Etcd:Endpoints"] = "etcd members' client URLs, http://HOST:PORT, ';'-separated or a JSON array",
        ["Discovery:Etcd:Prefix"] = "key prefix of NodeAgent records in etcd (default /nodeagent/v1/)",
        ["Discovery:Etcd:TtlSeconds"] = "lease TTL: how long a dead node's records outlive it (3-300, default 10)",
        ["Discovery:Avahi:Enabled"] = "announce the services on the LAN (mDNS/DNS-SD) through avahi-daemon's service files (true/false, default false)",
        ["Discovery:Avahi:ServicesDirectory"] = "avahi-daemon's static services directory (default /etc/avahi/services)",
        ["Discovery:Avahi:Browse"] = "with Avahi enabled, search also browses the LAN through avahi-daemon: true (default) or false",
        ["Discovery:Avahi:BusAddress"] = "the D-Bus system bus where avahi-daemon answers (default unix:path=/run/dbus/system_bus_socket)",
        ["Feedback:Extras"] = "optional outputs fitted at the board profile's wiring: rgb, ws2812, ssd1306, ';'-separated or a JSON array (default none)",
    };

    /// <summary>Reads the file (explicit or default), environment and flags, then validates.</summary>
    /// <exception cref="ConfigurationException">Any key is unknown or any value is invalid.</exception>
    public static AgentOptions Load(string? configFile, System.Collections.IDictionary environment, IReadOnlyDictionary<string, string?> flags)
    {
        var problems = new List<string>();
        var layers = new ConfigLayers();
        layers.AddJsonFile(configFile ?? DefaultConfigFile, optional: configFile is null, problems);
        layers.AddEnvironment(environment);
        foreach (var (flag, (key, value)) in flags.Select(f => (f.Key, (FlagKey(f.Key), f.Value))))
        {
            layers.AddFlag(key, value, flag);
        }
        return Read(layers, environment, problems);
    }

    private static string FlagKey(string flag) => flag switch
    {
        "--data" => "DataDir",
        "--urls" => "Urls",
        "--socket" => "Socket",
        _ => throw new ArgumentException($"flag {flag} has no configuration key", nameof(flag)),
    };

    internal static AgentOptions Read(ConfigLayers layers, System.Collections.IDictionary environment, List<string> problems)
    {
        foreach (var (key, (_, origin)) in layers.Entries)
        {
            if (!Keys.ContainsKey(key) && !UrlsArrayKey().IsMatch(key) && !ServiceKey().IsMatch(key) && !EtcdEndpointsArrayKey().IsMatch(key)
                && !AllowedHostsArrayKey().IsMatch(key) && !ExtrasArrayKey().IsMatch(key))
            {
                problems.Add($"{origin}: unknown key '{key}'; known keys: {string.Join(", ", Keys.Keys)}");
            }
        }

        var name = ReadString(layers, "Node:Name", DefaultNodeName(), v => NodeNames.IsValid(v) ? null : NodeNames.Rule, problems);
        var community = ReadString(layers, "Node:Community", "", v => v.Length == 0 || Communities.IsValid(v) ? null : Communities.Rule, problems);
        var guifi = ReadGuifiNode(layers, problems);
        var board = ReadString(layers, "Node:Board", "", v => v.Length == 0 || BoardPattern().IsMatch(v) ? null
            : "must be a board profile id such as rpi4 (a-z, 0-9, '-')", problems);
        var dataDir = ReadString(layers, "DataDir", DefaultDataDir(environment), _ => null, problems);
        dataDir = Path.GetFullPath(dataDir);
        var defaultSocket = environment["RUNTIME_DIRECTORY"] is string runtimeDir && runtimeDir.Length > 0
            ? Path.Combine(runtimeDir.Split(':')[0], "nodeagent.sock")
            : Path.Combine(dataDir, "nodeagent.sock");
        var socket = Path.GetFullPath(ReadString(layers, "Socket", defaultSocket,
            v => System.Text.Encoding.UTF8.GetByteCount(Path.GetFullPath(v)) <= 107 ? null : "is longer than the 107 bytes a Unix socket path may have; choose a shorter path", problems));
        var hostRootProblems = problems.Count;
        var hostRoot = ReadString(layers, "Resources:HostRoot", "/", v => Directory.Exists(v) ? null : "is not an existing directory", problems);
        var extras = ReadExtras(layers, board, problems.Count == hostRootProblems ? hostRoot : null, problems);
        var sample = ReadInt(layers, "Resources:SampleSeconds", 10, 1, 3600, problems);
        var flush = ReadInt(layers, "History:FlushMinutes", 10, 1, 1440, problems);
        var maxEvents = ReadInt(layers, "Events:Max", 1000, 10, 1_000_000, problems);
        var iterations = ReadInt(layers, "Auth:PasswordIterations", Auth.PasswordHasher.DefaultIterations, Auth.PasswordHasher.MinimumConfiguredIterations, 10_000_000, problems);
        var level = ReadString(layers, "Log:Level", "Information", v => Enum.TryParse<LogLevel>(v, ignoreCase: true, out var l) && l != LogLevel.None ? null
            : "must be Trace, Debug, Information, Warning, Error or Critical", problems);
        var urls = ReadUrls(layers, problems);
        var allowedHosts = ReadAllowedHosts(layers, problems);
        var services = ReadServices(layers, problems);
        var serf = ReadSerf(layers, problems);
        var catalogue = ReadString(layers, "Catalogue:Directory", Services.Catalogue.ServiceCatalogue.DefaultDirectory, CheckCatalogueDirectory, problems);
        var etcd = ReadEtcd(layers, problems);
        var avahi = ReadAvahi(layers, problems);

        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
        return new AgentOptions
        {
            NodeName = name,
            Community = community,
            GuifiNode = guifi,
            Board = board,
            DataDir = dataDir,
            SocketPath = socket,
            Urls = urls,
            AllowedHosts = allowedHosts,
            HostRoot = Path.GetFullPath(hostRoot),
            SampleInterval = TimeSpan.FromSeconds(sample),
            HistoryFlushInterval = TimeSpan.FromMinutes(flush),
            MaxEvents = maxEvents,
            PasswordIterations = iterations,
            LogLevel = Enum.Parse<LogLevel>(level, ignoreCase: true),
            Services = services,
            Serf = serf,
            CatalogueDirectory = catalogue,
            Etcd = etcd,
            Avahi = avahi,
            Extras = extras,
        };
    }

    private static string ReadString(ConfigLayers layers, string key, string fallback, Func<string, string?> check, List<string> problems)
    {
        if (!layers.TryGet(key, out var value, out var origin))
        {
            return fallback;
        }
        value = value.Trim();
        if (check(value) is { } why)
        {
            problems.Add($"{origin}: '{value}' {why}");
            return fallback;
        }
        return value;
    }

    private static int ReadInt(ConfigLayers layers, string key, int fallback, int min, int max, List<string> problems)
    {
        if (!layers.TryGet(key, out var value, out var origin))
        {
            return fallback;
        }
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            problems.Add($"{origin}: '{value}' must be a whole number from {min} to {max}");
            return fallback;
        }
        return n;
    }

    private static List<string> ReadUrls(ConfigLayers layers, List<string> problems)
    {
        var raw = new List<(string Value, string Origin)>();
        if (layers.TryGet("Urls", out var joined, out var origin))
        {
            raw.AddRange(joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => (u, origin)));
        }
        for (var i = 0; layers.TryGet($"Urls:{i}", out var one, out var o); i++)
        {
            raw.Add((one.Trim(), o));
        }
        if (raw.Count == 0)
        {
            return ["http://127.0.0.1:8480"];
        }
        var urls = new List<string>();
        foreach (var (url, from) in raw)
        {
            if (ListenUrl().Match(url) is not { Success: true } m
                || !int.TryParse(m.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                || !IsListenHost(m.Groups["host"].Value.Trim('[', ']')))
            {
                problems.Add($"{from}: '{url}' is not a listen URL; write it as http://ADDRESS:PORT, e.g. http://127.0.0.1:8480 or http://0.0.0.0:8480");
                continue;
            }
            urls.Add(url.TrimEnd('/'));
        }
        return urls;
    }

    /// <summary>
    /// systemd's StateDirectory= sets STATE_DIRECTORY; without it the agent is run by hand and keeps
    /// its data in the user's state directory (XDG), never in the working directory by surprise.
    /// </summary>
    internal static string DefaultDataDir(System.Collections.IDictionary environment)
    {
        if (environment["STATE_DIRECTORY"] is string state && state.Length > 0)
        {
            return state.Split(':')[0];
        }
        if (environment["XDG_STATE_HOME"] is string xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "nodeagent");
        }
        var home = environment["HOME"] as string;
        return string.IsNullOrEmpty(home) ? "/var/lib/nodeagent" : Path.Combine(home, ".local", "state", "nodeagent");
    }

    /// <summary>
    /// The directory need not exist (no local manifests then), but a relative path would depend on the working
    /// directory, and a file in its place is surely a mistake.
    /// </summary>
    private static string? CheckCatalogueDirectory(string path) =>
        !Path.IsPathRooted(path) ? "must be an absolute path, e.g. /etc/nodeagent/services.d"
        : File.Exists(path) ? "is a file; give the directory that holds the manifests (*.json)"
        : null;

    /// <summary><c>Node:GuifiNode</c>: absent = none.</summary>
    internal static int? ReadGuifiNode(ConfigLayers layers, List<string> problems)
    {
        if (!layers.TryGet("Node:GuifiNode", out var value, out var origin))
        {
            return null;
        }
        if (!GuifiNodes.TryParse(value, out var id))
        {
            problems.Add($"{origin}: '{value.Trim()}' {GuifiNodes.Rule}");
            return null;
        }
        return id;
    }

    private static string DefaultNodeName() => NodeNames.FromHostName(Environment.MachineName);

    [GeneratedRegex(@"^Urls:\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlsArrayKey();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex BoardPattern();

    // Kestrel listens on addresses, not names: an IP, localhost, or * / + for every address.
    private static bool IsListenHost(string host) =>
        host is "*" or "+" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || System.Net.IPAddress.TryParse(host, out _);

    [GeneratedRegex(@"^http://(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.*+-]+):(?<port>\d{1,5})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex ListenUrl();
}
