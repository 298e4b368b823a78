using NodeAgent.Hosting;

namespace NodeAgent.Tests.Hosting;

/// <summary>When <see cref="HeapTrim"/> collects: only on growth of the spare memory, measured from what its last collection left.</summary>
public sealed class HeapTrimPolicyTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(1 * MiB, 0, false)]          // idle: a gen0 budget's worth
    [InlineData(6 * MiB, 0, true)]           // a burst
    [InlineData(6 * MiB, 3 * MiB, false)]    // 3 MiB the last collection could not give back: no growth worth one
    [InlineData(8 * MiB, 3 * MiB, true)]     // growth beyond that
    public void CollectsOnlyWhenTheSpareMemoryHasGrown(long slack, long slackLeft, bool collects) =>
        Assert.Equal(collects, HeapTrim.HasGrown(slack, slackLeft));
}
