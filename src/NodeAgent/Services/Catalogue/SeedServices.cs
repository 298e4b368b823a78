namespace NodeAgent.Services.Catalogue;

/// <summary>
/// The services of Cloudy's catalogue (the seed talk, /work/shared/seeds), by the names Cloudy counted them under.
/// A manifest's <c>continues</c> must name one of these, so "which Cloudy service does this replace" stays answerable.
/// </summary>
public static class SeedServices
{
    /// <summary>Seed service ids and what they were.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["syncthing"] = "Syncthing file synchronisation",
        ["tahoe-lafs"] = "Tahoe-LAFS distributed storage",
        ["peerstreamer"] = "PeerStreamer peer-to-peer video streaming",
        ["dnsservice"] = "guifi DNS service",
        ["guifi-proxy3"] = "guifi-proxy3 web proxy",
        ["snpservice"] = "SNP graph service (network graphs)",
        ["serf"] = "Serf service announcement",
        ["etcd"] = "etcd service directory (search)",
        ["owp"] = "OpenVZ Web Panel",
    };
}
