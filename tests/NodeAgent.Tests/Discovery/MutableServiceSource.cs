using NodeAgent.Discovery;

namespace NodeAgent.Tests.Discovery;

/// <summary>A service source whose list the test changes, as the service manager will when services start and stop.</summary>
internal sealed class MutableServiceSource(IReadOnlyList<LocalService> initial) : IServiceSource
{
    private volatile IReadOnlyList<LocalService> _healthy = initial;

    public IReadOnlyList<LocalService> Healthy => _healthy;

    public event EventHandler? Changed;

    public void Set(IReadOnlyList<LocalService> services)
    {
        _healthy = services;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
