namespace NodeAgent.Discovery.Etcd;

/// <summary>A granted lease.</summary>
/// <param name="Id">What puts attach to and keepalive renews.</param>
/// <param name="Ttl">The TTL etcd granted (it may raise a too-short request to its minimum).</param>
internal sealed record EtcdLease(long Id, TimeSpan Ttl);
