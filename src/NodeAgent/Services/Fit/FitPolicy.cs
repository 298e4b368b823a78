namespace NodeAgent.Services.Fit;

/// <summary>What the fit check keeps back for the node itself. Sizes in MiB.</summary>
/// <param name="SystemReserveMb">RAM the OS and the agent need: never promised to a service.</param>
/// <param name="AvailableFloorMb">
/// MemAvailable that must remain after a start. The pressure shedder stops services below the same floor
/// (<see cref="Pressure.ShedThresholds.FloorMb"/>), so a service the fit check admits is not shed at once.
/// </param>
/// <param name="DiskFloorMb">Free disk kept so the agent's store, the journal and apt keep working.</param>
public sealed record FitPolicy(int SystemReserveMb, int AvailableFloorMb, int DiskFloorMb)
{
    /// <summary>
    /// Defaults scaled to the node. A 512 MiB board keeps 147 MiB for the OS and agent (measured here: a minimal
    /// Debian with systemd, networkd, sshd, avahi ≈ 60-80 MiB, the agent ≈ 30 MiB, plus page cache for both) and a
    /// 32 MiB floor; a 4 GiB board keeps 505 MiB and a 204 MiB floor. 256 MiB of disk always stays free.
    /// </summary>
    public static FitPolicy For(int totalRamMb) => new(
        Math.Clamp(96 + (totalRamMb / 10), 128, 512),
        Math.Clamp(totalRamMb / 20, 32, 256),
        256);
}
