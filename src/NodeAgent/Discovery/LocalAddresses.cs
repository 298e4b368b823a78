using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace NodeAgent.Discovery;

/// <summary>
/// The addresses this node announces where no engine sees them for it (etcd; Serf reports the gossip address
/// itself): unicast addresses of interfaces that are up, loopback and IPv6 link-local left out (useless to
/// another node), at most <see cref="Etcd.EtcdRecordCodec.MaxAddresses"/>.
/// </summary>
internal static class LocalAddresses
{
    public static IReadOnlyList<string> Read()
    {
        var found = new List<string>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus == OperationalStatus.Down || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var a = unicast.Address;
                    if (IPAddress.IsLoopback(a) || a.IsIPv6LinkLocal || a.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                    {
                        continue;
                    }
                    if (found.Count < Etcd.EtcdRecordCodec.MaxAddresses)
                    {
                        found.Add(a.ToString());
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No /proc/net here (a sandbox): the node announces no address rather than failing to publish.
        }
        return found;
    }
}
