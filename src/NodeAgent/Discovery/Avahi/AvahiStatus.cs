namespace NodeAgent.Discovery.Avahi;

/// <summary>The one status the Avahi publisher and browser share (a service key of its own, as several backends have a <see cref="DiscoveryStatus"/>).</summary>
internal sealed record AvahiStatus(DiscoveryStatus Status);
