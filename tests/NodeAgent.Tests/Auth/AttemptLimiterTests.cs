using NodeAgent.Auth;

namespace NodeAgent.Tests.Auth;

public class AttemptLimiterTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void EachAddressGetsItsOwnAllowanceUntilTheWindowEnds()
    {
        var limiter = new AttemptLimiter(perAddress: 3, global: 100, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limiter.TryAcquire("10.0.0.5"));
        }
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire("10.0.0.5"));
        Assert.Null(limiter.TryAcquire("10.0.0.6"));
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limiter.TryAcquire("10.0.0.5"));
    }

    [Fact]
    public void ManyAddressesTogetherMeetTheGlobalLimit()
    {
        var limiter = new AttemptLimiter(perAddress: 5, global: 10, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(limiter.TryAcquire($"10.0.1.{i}"));
        }
        Assert.Equal(TimeSpan.FromMinutes(1), limiter.TryAcquire("10.0.2.1"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(limiter.TryAcquire("10.0.2.1"));
    }

    [Fact]
    public void AFullTableOfAddressesStillCountsAgainstTheGlobalLimit()
    {
        var limiter = new AttemptLimiter(perAddress: 1, global: 1000, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 300; i++)
        {
            Assert.Null(limiter.TryAcquire($"addr-{i}"));
        }
        // The first 256 are remembered: they are refused a second attempt.
        Assert.NotNull(limiter.TryAcquire("addr-0"));
    }
}
