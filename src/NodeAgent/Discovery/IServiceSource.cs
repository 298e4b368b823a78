namespace NodeAgent.Discovery;

/// <summary>
/// Where the services this node publishes come from: today the owner's declarations, later the service manager
/// too. Only healthy services are listed; <see cref="Changed"/> fires whenever the list changes.
/// </summary>
internal interface IServiceSource
{
    /// <summary>The healthy services to publish now.</summary>
    IReadOnlyList<LocalService> Healthy { get; }

    /// <summary>Raised after <see cref="Healthy"/> changed (on any thread).</summary>
    event EventHandler? Changed;
}
