using System.Net.Sockets;

namespace NodeAgent.Services.Manager;

/// <summary>
/// Where http and tcp health probes connect from: this machine's network namespace in the product. Tests give one that
/// opens its sockets in a container's network namespace, where the probed service listens on the container's loopback.
/// </summary>
public interface IProbeNetwork
{
    /// <summary>A new, unconnected TCP socket of <paramref name="family"/>.</summary>
    Socket CreateTcpSocket(AddressFamily family);
}

/// <summary>Sockets in the agent's own network namespace.</summary>
public sealed class LoopbackProbeNetwork : IProbeNetwork
{
    public static LoopbackProbeNetwork Instance { get; } = new();

    public Socket CreateTcpSocket(AddressFamily family) => new(family, SocketType.Stream, ProtocolType.Tcp);
}
