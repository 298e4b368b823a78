namespace NodeAgent.Services.Fit;

/// <summary>The answer of <see cref="FitCheck"/>.</summary>
public sealed record FitVerdict
{
    /// <summary>Fits, refused, or allowed only because the owner overrode.</summary>
    public required FitOutcome Outcome { get; init; }

    /// <summary>Every reason it does not fit, with the numbers; empty when it fits.</summary>
    public required IReadOnlyList<FitProblem> Problems { get; init; }

    /// <summary>The problems the owner's override set aside: the caller logs them.</summary>
    public IReadOnlyList<FitProblem> Overridden { get; init; } = [];

    /// <summary>Running services (lowest priority first) whose stopping would make the memory fit; empty when none would.</summary>
    public IReadOnlyList<string> StopToFit { get; init; } = [];

    /// <summary>The memory arithmetic behind the verdict.</summary>
    public required MemoryBudget Memory { get; init; }

    /// <summary>One line for people and logs.</summary>
    public required string Summary { get; init; }

    public bool MayRun => Outcome != FitOutcome.Refused;
}

/// <summary>The outcome of a fit check.</summary>
public enum FitOutcome
{
    /// <summary>Every check passed.</summary>
    Fits,

    /// <summary>At least one check failed and was not (or cannot be) overridden.</summary>
    Refused,

    /// <summary>Checks failed, all of them overridable, and the owner overrode them.</summary>
    AllowedByOverride,
}

/// <summary>One reason a service does not fit.</summary>
/// <param name="Kind">Which resource.</param>
/// <param name="Message">The reason with its numbers, e.g. "syncthing needs 160 MB of RAM, 95 MB is free; …".</param>
/// <param name="Overridable">Whether the owner can set it aside (memory, disk, cores) or not (architecture, a port in use).</param>
public sealed record FitProblem(FitProblemKind Kind, string Message, bool Overridable);

/// <summary>What a <see cref="FitProblem"/> is about.</summary>
public enum FitProblemKind
{
    /// <summary>No package for this architecture.</summary>
    Architecture,

    /// <summary>Not enough RAM in the budget or available now.</summary>
    Memory,

    /// <summary>Not enough free disk.</summary>
    Disk,

    /// <summary>Fewer cores than required.</summary>
    Cores,

    /// <summary>A port it needs is used by a running service.</summary>
    Port,
}

/// <summary>The memory arithmetic, in MiB.</summary>
/// <param name="TotalMb">MemTotal.</param>
/// <param name="ReserveMb">Kept for the OS and the agent.</param>
/// <param name="RunningMb">Held by running services: Σ max(requirement, measured).</param>
/// <param name="BudgetMb">TotalMb − ReserveMb − RunningMb.</param>
/// <param name="AvailableMb">MemAvailable now.</param>
/// <param name="GrowthMb">What running services may still grow into (their requirement above what they use now).</param>
/// <param name="FloorMb">MemAvailable kept against memory pressure.</param>
/// <param name="FreeMb">What a new service may take: the smaller of the budget and AvailableMb − GrowthMb − FloorMb.</param>
public sealed record MemoryBudget(int TotalMb, int ReserveMb, int RunningMb, int BudgetMb, int AvailableMb, int GrowthMb, int FloorMb, int FreeMb)
{
    /// <summary>True when what is available now, not the budget, limits the service (something outside the catalogue uses memory).</summary>
    public bool LimitedByAvailable => AvailableMb - GrowthMb - FloorMb < BudgetMb;
}
