namespace NodeAgent.Resources;

/// <summary>
/// Interface addresses behind a seam: Linux exposes no IPv4 addresses under /sys, so they come
/// from the live kernel (getifaddrs) and a fixture root has none.
/// </summary>
public interface INetworkAddressSource
{
    /// <summary>Adds each interface's addresses in CIDR form to <paramref name="into"/>, keyed by interface name.</summary>
    void Collect(Dictionary<string, List<string>> into);
}
