namespace NodeAgent.Services.Catalogue;

/// <summary>A port a service listens on.</summary>
/// <param name="Port">1-65535.</param>
/// <param name="Protocol">tcp or udp.</param>
/// <param name="Purpose">What it is for, for people (e.g. "web GUI, loopback only").</param>
public sealed record ServicePort(int Port, PortProtocol Protocol, string Purpose)
{
    public override string ToString() => $"{Port}/{(Protocol == PortProtocol.Tcp ? "tcp" : "udp")}";
}

/// <summary>Transport of a <see cref="ServicePort"/>.</summary>
public enum PortProtocol
{
    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,
}
