using System.Globalization;
using System.Net.NetworkInformation;

namespace NodeAgent.Resources;

/// <summary>Addresses of the running machine, via <see cref="NetworkInterface.GetAllNetworkInterfaces"/>.</summary>
public sealed class SystemNetworkAddresses : INetworkAddressSource
{
    /// <inheritdoc/>
    public void Collect(Dictionary<string, List<string>> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var unicast = nic.GetIPProperties().UnicastAddresses;
            if (unicast.Count == 0)
            {
                continue;
            }

            var list = new List<string>(unicast.Count);
            foreach (var address in unicast)
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"{address.Address}/{address.PrefixLength}"));
            }

            into[nic.Name] = list;
        }
    }
}
