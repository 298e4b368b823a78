namespace NodeAgent.Contracts;

/// <summary>Counters and rates of one network interface (<c>/proc/net/dev</c>).</summary>
public sealed record NetworkInterfaceSnapshot
{
    /// <summary>Kernel name, e.g. <c>eth0</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>/sys/class/net/NAME/operstate</c> (<c>up</c>, <c>down</c>, <c>unknown</c>...).</summary>
    public string? OperState { get; init; }

    /// <summary>The loopback interface (<c>lo</c>).</summary>
    public required bool IsLoopback { get; init; }

    /// <summary>
    /// Backed by a device (<c>/sys/class/net/NAME/device</c> exists): NICs and Wi-Fi, not
    /// bridges, VLANs, tunnels or veth. Only these count in the node-wide rates, so traffic
    /// through a bridge is not counted twice.
    /// </summary>
    public required bool IsPhysical { get; init; }

    /// <summary>Received bytes since the interface appeared.</summary>
    public required long ReceiveBytes { get; init; }

    /// <summary>Received packets.</summary>
    public required long ReceivePackets { get; init; }

    /// <summary>Receive errors.</summary>
    public required long ReceiveErrors { get; init; }

    /// <summary>Received packets dropped.</summary>
    public required long ReceiveDropped { get; init; }

    /// <summary>Transmitted bytes.</summary>
    public required long TransmitBytes { get; init; }

    /// <summary>Transmitted packets.</summary>
    public required long TransmitPackets { get; init; }

    /// <summary>Transmit errors.</summary>
    public required long TransmitErrors { get; init; }

    /// <summary>Transmit packets dropped.</summary>
    public required long TransmitDropped { get; init; }

    /// <summary>Bytes/s received since the previous sample; 0 on the first sample or after a counter reset.</summary>
    public required double ReceiveBytesPerSecond { get; init; }

    /// <summary>Bytes/s transmitted since the previous sample; 0 on the first sample or after a counter reset.</summary>
    public required double TransmitBytesPerSecond { get; init; }

    /// <summary>Addresses in CIDR form (<c>10.1.2.3/24</c>); only sampled on the live root.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];
}
