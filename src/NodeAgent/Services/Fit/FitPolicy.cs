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
    /// Defaults scaled to the node: 96 MiB + 10 % of RAM for the OS and agent (128-512 MiB), a MemAvailable floor of
    /// 5 % (32-256 MiB), 256 MiB of disk. A 512 MB board (MemTotal ≈ 427 MiB) keeps 138 MiB and a 32 MiB floor; a
    /// 4 GB Pi 4 keeps 475 MiB and a 189 MiB floor. The 96 MiB base is an estimate (the agent idles at ≈ 30 MiB RSS;
    /// a minimal Debian with systemd, journald, networkd, sshd and avahi is assumed at ≈ 60 MiB): the booted image's
    /// test should measure it and this should follow.
    /// </summary>
    public static FitPolicy For(int totalRamMb) => new(
        Math.Clamp(96 + (totalRamMb / 10), 128, 512),
        Math.Clamp(totalRamMb / 20, 32, 256),
        256);
}
