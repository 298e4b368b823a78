using System.Net;

namespace NodeAgent.Configuration;

/// <summary><c>Discovery:Serf:*</c>: whether and where the agent talks to the node's Serf agent.</summary>
internal sealed record SerfDiscoveryOptions
{
    /// <summary>The default RPC address of <c>serf agent</c>.</summary>
    public static readonly IPEndPoint DefaultRpcAddress = new(IPAddress.Loopback, 7373);

    /// <summary>Publish and search through Serf.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The Serf agent's RPC address (<c>serf agent -rpc-addr</c>).</summary>
    public IPEndPoint RpcAddress { get; init; } = DefaultRpcAddress;

    /// <summary>The Serf agent's RPC auth key (<c>-rpc-auth</c>); null when it has none.</summary>
    public string? AuthKey { get; init; }
}
