namespace NodeAgent.Discovery;

/// <summary>
/// The services declared in configuration (<c>Services</c>). They count as healthy: the agent cannot probe them
/// until the service manager exists, and the owner declared them because they run.
/// </summary>
internal sealed class DeclaredServices(IReadOnlyList<LocalService> services) : IServiceSource
{
    public IReadOnlyList<LocalService> Healthy { get; } = services;

    // The configuration is read once at start: the list never changes.
    public event EventHandler? Changed
    {
        add { }
        remove { }
    }
}
