using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>Takes a <see cref="ResourceSnapshot"/> of the node.</summary>
public interface IResourceSampler
{
    /// <summary>
    /// Reads every source once. Never throws for a missing or malformed source: the section is
    /// left out and the cause is listed in <see cref="ResourceSnapshot.Problems"/>.
    /// Not thread-safe: call from one loop.
    /// </summary>
    ResourceSnapshot Sample();
}
