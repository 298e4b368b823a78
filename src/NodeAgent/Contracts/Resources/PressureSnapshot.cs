namespace NodeAgent.Contracts;

/// <summary>Pressure stall information (<c>/proc/pressure/*</c>, kernel 4.20+ with PSI enabled).</summary>
public sealed record PressureSnapshot
{
    /// <summary>CPU pressure; <c>null</c> when the file is missing.</summary>
    public PressureResource? Cpu { get; init; }

    /// <summary>Memory pressure; <c>null</c> when the file is missing.</summary>
    public PressureResource? Memory { get; init; }

    /// <summary>I/O pressure; <c>null</c> when the file is missing.</summary>
    public PressureResource? Io { get; init; }
}
