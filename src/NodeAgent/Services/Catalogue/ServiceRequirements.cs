namespace NodeAgent.Services.Catalogue;

/// <summary>What a service needs to run well; the fit check compares this with the node.</summary>
/// <param name="RamMb">Resident memory while running with a small community load, in MiB (what it reserves in the memory budget).</param>
/// <param name="DiskMb">Disk for the packages and their first data, in MiB.</param>
/// <param name="Cores">CPU cores the node must have at least.</param>
public sealed record ServiceRequirements(int RamMb, int DiskMb, int Cores);
