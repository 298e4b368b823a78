using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Feedback;
using NodeAgent.Resources;
using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Manager;
using NodeAgent.Storage;
using NodeAgent.Web;

namespace NodeAgent.Hosting;

/// <summary>Assembles the daemon: store, resource loop, watchdog, and Kestrel on the URLs and the CLI socket.</summary>
internal static class AgentHost
{
    /// <summary>Opens the store and builds the host; the caller runs it.</summary>
    /// <exception cref="AgentStartException">The store or the socket cannot be used; the message says what to do.</exception>
    public static WebApplication Build(AgentOptions options, TimeProvider time)
    {
        // The socket first: if another agent answers on it, this one must not even open the store.
        PrepareSocket(options.SocketPath);
        var store = OpenStore(options.DataDir, time);
        // The owner's saved discovery backends, declared services and guifi.net id lie over the configuration
        // (DiscoveryBackends follows later changes of the backends while the agent runs).
        var ignored = new List<string>();
        var configured = options;
        options = NodeContext.StartOptions(configured, SettingsStore.ReadSaved(store, ignored));
        foreach (var why in ignored)
        {
            Console.Error.WriteLine($"nodeagent: settings: {why}");
        }
        // The empty builder, not the slim one: the slim builder adds appsettings.json with reload-on-change,
        // whose file watcher walks the whole working directory (all of / under systemd) at start and keeps
        // an inotify thread. Only our configuration pipeline counts; no ASPNETCORE_URLS either.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = options.DataDir });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(LineLoggerProvider.ForStandardOutput());
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSystemd();


        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new ConfiguredOptions(configured));
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(sp => new EventLog(store, time, options.MaxEvents));
        services.AddSingleton<SettingsStore>();
        services.AddSingleton(CreateIdentity(store, time));
        services.AddSingleton<NodeContext>();
        services.AddSingleton<OwnerStore>();
        services.AddSingleton(new Auth.PasswordHasher(options.PasswordIterations));
        services.AddSingleton<Auth.OwnerAuth>();
        services.AddSingleton(HostNames.ForThisMachine(options.AllowedHosts));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryRecorder>();
        services.AddSingleton<IResourceSampler>(new ResourceSampler(new HostRoot(options.HostRoot), time));
        services.AddSingleton<ResourceMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceMonitor>());
        services.AddSingleton<HealthMonitor>();
        services.AddFeedback(options, time, sp => ResourceFacts.From(sp.GetRequiredService<ResourceMonitor>().Latest));
        services.AddHostedService<ButtonActions>();
        services.AddServiceCatalogue(options);
        services.AddDiscovery(time, sp => SpareCapacityReader.From(sp.GetRequiredService<ResourceMonitor>().Latest));
        services.AddServiceManager(options, time);
        services.AddHostedService<CloudFeedback>();
        // AddSystemd registers a notifier only when started by systemd; the watchdog needs one regardless.
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddHostedService<WatchdogService>();
        services.AddHostedService<LifecycleEvents>();
        services.AddHostedService<FirstBoot.PreseedEvents>();
        services.AddHostedService<HeapTrim>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentJsonContext.Default));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            foreach (var url in options.Urls)
            {
                Listen(kestrel, url);
            }
            kestrel.ListenUnixSocket(options.SocketPath, LocalConnection.Tag);
        });

        var app = builder.Build();
        app.Use(Problems.Middleware);
        app.Use(HostCheck.Middleware);
        app.Use(AccessPolicy.Middleware);
        ApiEndpoints.Map(app);
        app.Lifetime.ApplicationStarted.Register(() => RestrictSocket(options.SocketPath));
        // "Starting" turns into the running state on the LEDs at once.
        var node = app.Services.GetRequiredService<NodeContext>();
        app.Lifetime.ApplicationStarted.Register(node.Changes.Raise);
        return app;
    }

    private static NodeStore OpenStore(string dataDir, TimeProvider time)
    {
        try
        {
            if (!Directory.Exists(dataDir))
            {
                // Only the agent's user and group may read its store and reach its socket.
                Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
            return NodeStore.Open(dataDir, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new AgentStartException($"cannot open the store in {dataDir}: {e.Message}. Check that the directory is writable by this user, or choose another with --data.", e);
        }
    }

    private static NodeIdentity CreateIdentity(NodeStore store, TimeProvider time)
    {
        try
        {
            return NodeIdentity.LoadOrCreate(store, time);
        }
        catch (StoreException e)
        {
            throw new AgentStartException($"cannot create this node's identity: {e.Message}. Free space on that disk; the agent can start once it can write.", e);
        }
    }

    /// <summary>
    /// A socket file left by a crash is removed; one that still answers means another agent runs on it,
    /// and two agents must never share a store.
    /// </summary>
    private static void PrepareSocket(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            return;
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }
        throw new AgentStartException($"another nodeagent is already running on {path}; stop it first (or give this one other --data and --socket)", null);
    }

    private static void RestrictSocket(string path) =>
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string url)
    {
        var uri = url["http://".Length..];
        var colon = uri.LastIndexOf(':');
        var host = uri[..colon].Trim('[', ']');
        var port = int.Parse(uri[(colon + 1)..].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(port);
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port);
        }
        else
        {
            throw new AgentStartException($"cannot listen on {url}: '{host}' is not an IP address; use an address such as 127.0.0.1 or 0.0.0.0", null);
        }
    }
}
