namespace NodeAgent.Resources;

/// <summary>Used for non-live roots: a fixture or a mounted host root has no addresses we can see.</summary>
internal sealed class NoNetworkAddresses : INetworkAddressSource
{
    public static NoNetworkAddresses Instance { get; } = new();

    public void Collect(Dictionary<string, List<string>> into)
    {
    }
}
