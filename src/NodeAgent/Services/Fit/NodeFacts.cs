using NodeAgent.Boards;

namespace NodeAgent.Services.Fit;

/// <summary>The node as the fit check sees it, from the latest resource sample. Sizes in MiB.</summary>
/// <param name="Arch">Architecture of this node (and of the packages apt installs here).</param>
/// <param name="TotalRamMb">MemTotal.</param>
/// <param name="AvailableRamMb">MemAvailable now: what the kernel can give without swapping.</param>
/// <param name="FreeDiskMb">Free space for unprivileged users on the filesystem packages go to (the root filesystem).</param>
/// <param name="Cores">Online CPU cores.</param>
public sealed record NodeFacts(BoardArch Arch, int TotalRamMb, int AvailableRamMb, int FreeDiskMb, int Cores);
