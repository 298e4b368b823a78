using NodeAgent.Discovery;

namespace NodeAgent.Services.Manager;

/// <summary>
/// What discovery publishes: the owner's declared services, then every healthy managed service whose manifest has an
/// <c>announce</c> (a declared one of the same type and name wins). <see cref="Changed"/> fires on health transitions.
/// </summary>
internal sealed class ManagedServiceSource : IServiceSource
{
    private readonly IServiceSource _declared;
    private readonly ServiceManager _manager;

    public ManagedServiceSource(IServiceSource declared, ServiceManager manager)
    {
        _declared = declared;
        _manager = manager;
        _manager.HealthChanged += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        _declared.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
    }

    public event EventHandler? Changed;

    public IReadOnlyList<LocalService> Healthy
    {
        get
        {
            var declared = _declared.Healthy;
            var result = new List<LocalService>(declared);
            foreach (var service in _manager.Healthy())
            {
                if (service.Manifest.Announce is not { } announce
                    || declared.Any(d => d.Type == announce.Type && d.Name == service.Manifest.Name))
                {
                    continue;
                }
                result.Add(new LocalService(announce.Type, service.Manifest.Name, announce.Port, ServiceActions.Fields(announce)));
            }
            return result;
        }
    }
}
