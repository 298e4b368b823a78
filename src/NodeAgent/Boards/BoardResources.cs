namespace NodeAgent.Boards;

/// <summary>How much a board can host: the services area compares manifests against this.</summary>
/// <param name="Class">Size class.</param>
/// <param name="RamMb">Typical RAM of the smallest common variant, in MiB.</param>
public sealed record BoardResources(ResourceClass Class, int RamMb);
