using System.Threading.Channels;
using NodeAgent.Configuration;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Discovery.Avahi;

/// <summary>
/// Announces this node's healthy services on the LAN through avahi-daemon: one static service file each in its
/// services directory, which avahi-daemon watches (inotify) and reloads by itself, so browsers see the change
/// in about a second and the node answers as <c>HOSTNAME.local</c>. Files are written atomically and only when
/// their content changes (flash); files of services no longer published are removed, and on stop all of the
/// agent's files go, so the LAN stops seeing them at once. Search reads the LAN through <see cref="AvahiBrowser"/>.
/// </summary>
internal sealed partial class AvahiPublisher(
    AvahiDiscoveryOptions options,
    Func<LocalNode> localNode,
    IServiceSource services,
    ConditionsChanged settingsChanged,
    DiscoveryStatus status,
    ILogger<AvahiPublisher> logger,
    bool daemonWatched = false) : BackgroundService
{
    private string? _community;
    private readonly Channel<bool> _sync = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public DiscoveryStatus Status => status;

    /// <summary>Files written or removed since start (each one a flash write).</summary>
    public long Writes { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        services.Changed += OnChanged;
        settingsChanged.Raised += OnSettings;
        try
        {
            do
            {
                Sync(services.Healthy);
            }
            while (await WaitAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            services.Changed -= OnChanged;
            settingsChanged.Raised -= OnSettings;
            Sync([]);
        }
    }

    private void OnChanged(object? sender, EventArgs e) => Signal();

    private void Signal() => _sync.Writer.TryWrite(true);

    /// <summary>Raised after every resource sample too: only a changed community (a TXT record) means new files.</summary>
    private void OnSettings()
    {
        if (localNode().Community != Volatile.Read(ref _community))
        {
            Signal();
        }
    }

    private async Task<bool> WaitAsync(CancellationToken token)
    {
        try
        {
            await _sync.Reader.WaitToReadAsync(token).ConfigureAwait(false);
            _sync.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Makes the directory hold exactly one file per service in <paramref name="healthy"/> among the agent's files.</summary>
    internal void Sync(IReadOnlyList<LocalService> healthy)
    {
        var directory = options.ServicesDirectory;
        try
        {
            if (!Directory.Exists(directory))
            {
                status.Disconnected($"{directory} does not exist: is avahi-daemon installed?");
                return;
            }
            var node = localNode();
            Volatile.Write(ref _community, node.Community);
            var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var service in healthy)
            {
                wanted[AvahiServiceFile.FileName(service)] = AvahiServiceFile.Render(service, node.Id, node.Community);
            }
            foreach (var path in Directory.EnumerateFiles(directory, AvahiServiceFile.Prefix + "*"))
            {
                var name = Path.GetFileName(path);
                if ((AvahiServiceFile.IsOwned(name) && !wanted.ContainsKey(name)) || name.EndsWith(AvahiServiceFile.Suffix + ".tmp", StringComparison.Ordinal))
                {
                    File.Delete(path);
                    Writes++;
                }
            }
            foreach (var (name, content) in wanted)
            {
                var path = Path.Combine(directory, name);
                if (!File.Exists(path) || File.ReadAllText(path) != content)
                {
                    AtomicFile.Write(path, content);
                    Writes++;
                }
            }
            if (!daemonWatched)
            {
                // Alone, a written directory is all the publisher knows; with the browser, it says whether avahi-daemon runs.
                status.Connected($"{wanted.Count} services announced through {directory}");
            }
            status.Published();
            Log.Synced(logger, wanted.Count, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            status.Disconnected($"cannot write avahi service files in {directory}: {e.Message}");
            Log.Failed(logger, directory, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "discovery.avahi: {Count} services announced through {Directory}")]
        public static partial void Synced(ILogger logger, int count, string directory);

        [LoggerMessage(2, LogLevel.Warning, "discovery.avahi: cannot write service files in {Directory}: {Reason}")]
        public static partial void Failed(ILogger logger, string directory, string reason);
    }
}
