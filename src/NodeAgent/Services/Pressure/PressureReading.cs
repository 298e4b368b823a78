namespace NodeAgent.Services.Pressure;

/// <summary>The memory facts the shedder decides on, from one resource sample.</summary>
/// <param name="AvailableMb">MemAvailable in MiB.</param>
/// <param name="SomeAvg10">PSI memory some avg10 in percent; null on a kernel without PSI (Raspberry Pi kernels need <c>psi=1</c>).</param>
/// <param name="FullAvg10">PSI memory full avg10 in percent; null without PSI.</param>
public sealed record PressureReading(int AvailableMb, double? SomeAvg10, double? FullAvg10);

/// <summary>A running service the shedder may stop.</summary>
/// <param name="Id">Manifest id.</param>
/// <param name="Priority">Manifest priority: lowest is shed first, highest comes back first.</param>
/// <param name="UsedMb">Memory it uses now (cgroup memory.current): what stopping it gives back at once.</param>
/// <param name="RequirementMb">Its manifest requirement: what must be available before it may come back.</param>
public sealed record SheddableService(string Id, int Priority, int UsedMb, int RequirementMb);

/// <summary>One thing the shedder wants done, and why (for the event log).</summary>
/// <param name="Kind">Stop it, or start it again.</param>
/// <param name="ServiceId">Manifest id.</param>
/// <param name="Reason">The numbers behind it.</param>
public sealed record ShedAction(ShedActionKind Kind, string ServiceId, string Reason);

/// <summary>The kind of <see cref="ShedAction"/>.</summary>
public enum ShedActionKind
{
    /// <summary>Stop the service (state "shed").</summary>
    Shed,

    /// <summary>Start a shed service again.</summary>
    Restore,
}

/// <summary>What one evaluation decided: actions (often none) and a note on why, for debugging and tests.</summary>
/// <param name="Actions">To carry out in order.</param>
/// <param name="Note">Why these actions, or why none.</param>
public sealed record ShedDecision(IReadOnlyList<ShedAction> Actions, string Note);
