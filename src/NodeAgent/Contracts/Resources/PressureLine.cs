namespace NodeAgent.Contracts;

/// <summary>One PSI line: stall averages in percent and the cumulative stall time.</summary>
public sealed record PressureLine
{
    /// <summary>Percent of the last 10 s.</summary>
    public required double Avg10 { get; init; }

    /// <summary>Percent of the last 60 s.</summary>
    public required double Avg60 { get; init; }

    /// <summary>Percent of the last 300 s.</summary>
    public required double Avg300 { get; init; }

    /// <summary>Total stall time since boot, in microseconds.</summary>
    public required long TotalMicroseconds { get; init; }
}
