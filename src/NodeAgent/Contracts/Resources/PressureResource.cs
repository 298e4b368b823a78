namespace NodeAgent.Contracts;

/// <summary>The <c>some</c> and <c>full</c> lines of one <c>/proc/pressure</c> file.</summary>
public sealed record PressureResource
{
    /// <summary>Share of time at least one task stalled on the resource.</summary>
    public required PressureLine Some { get; init; }

    /// <summary>Share of time all non-idle tasks stalled; <c>null</c> for CPU on kernels before 5.13.</summary>
    public PressureLine? Full { get; init; }
}
