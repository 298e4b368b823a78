namespace NodeAgent.Discovery;

/// <summary>
/// The services the owner declares by hand (configuration <c>Services</c>, or saved from the settings page). They
/// count as healthy: the owner declared them because they run. <see cref="Replace"/> puts a new list in force at once.
/// </summary>
internal sealed class DeclaredServices(IReadOnlyList<LocalService> services) : IServiceSource
{
    private volatile IReadOnlyList<LocalService> _services = services;

    public IReadOnlyList<LocalService> Healthy => _services;

    public event EventHandler? Changed;

    /// <summary>Publishes <paramref name="next"/> instead (the backends republish when <see cref="Changed"/> fires).</summary>
    public void Replace(IReadOnlyList<LocalService> next)
    {
        _services = next;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
