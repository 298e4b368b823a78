using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class GestureRecognizerTests
{
    private static readonly GestureOptions Options = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Plays edges and pauses; returns every gesture with the time it came out.</summary>
    private static List<(double At, ButtonGesture Gesture)> Play(GestureRecognizer r, params (double At, bool? Pressed)[] script)
    {
        var seen = new List<(double, ButtonGesture)>();
        foreach (var (at, pressed) in script)
        {
            var gestures = pressed is { } p ? r.OnEdge(p, S(at)) : r.Advance(S(at));
            seen.AddRange(gestures.Select(g => (at, g)));
        }
        return seen;
    }

    [Fact]
    public void AShortPressIdentifiesOnceTheReleaseHasSettled()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        Assert.Empty(Play(r, (10, true), (10.3, false)));
        Assert.Equal([(10.35, ButtonGesture.Identify)], Play(r, (10.35, null)));
        Assert.False(r.IsPressed);
    }

    [Fact]
    public void HoldingThreeSecondsOpensPairingOnRelease()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        Play(r, (10, true), (12.9, null));
        Assert.False(r.PairingArmed);
        Assert.Empty(Play(r, (13.0, null)));
        Assert.True(r.PairingArmed);
        Assert.Equal([(14.1, ButtonGesture.Pairing)], Play(r, (14, false), (14.1, null)));
    }

    [Fact]
    public void JustUnderThreeSecondsIsStillAShortPress() =>
        Assert.Equal([(13.1, ButtonGesture.Identify)], Play(new GestureRecognizer(Options, TimeSpan.Zero), (10, true), (12.99, false), (13.1, null)));

    [Fact]
    public void HoldingTenSecondsStartsACountdownThatReleasingCancels()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        Assert.Equal([(20, ButtonGesture.ResetCountdownStarted)], Play(r, (10, true), (19.99, null), (20, null)));
        Assert.Equal(5, r.CountdownSeconds(S(20)));
        Assert.Equal(3, r.CountdownSeconds(S(22.5)));
        Assert.Equal(1, r.CountdownSeconds(S(24.9)));
        Assert.Equal([(23.1, ButtonGesture.ResetCancelled)], Play(r, (23, false), (23.1, null)));
        Assert.Null(r.CountdownSeconds(S(23.1)));
    }

    [Fact]
    public void HoldingThroughTheCountdownResetsExactlyOnce()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        var seen = Play(r, (10, true), (20, null), (24.9, null), (25, null), (40, null), (300, null), (301, false), (302, null));
        Assert.Equal([(20, ButtonGesture.ResetCountdownStarted), (25, ButtonGesture.FactoryReset)], seen);
        Assert.Null(r.CountdownSeconds(S(26)));
    }

    [Fact]
    public void ALateTickStillFiresEachThresholdInOrder() =>
        Assert.Equal([(60, ButtonGesture.ResetCountdownStarted), (60, ButtonGesture.FactoryReset)],
            Play(new GestureRecognizer(Options, TimeSpan.Zero), (10, true), (60, null)));

    [Fact]
    public void ABouncingContactCountsAsOnePress()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        var seen = Play(r,
            (10.000, true), (10.004, false), (10.008, true), (10.012, false), (10.015, true), (10.2, null),
            (10.500, false), (10.503, true), (10.506, false), (11, null));
        Assert.Equal([(11, ButtonGesture.Identify)], seen);
    }

    [Fact]
    public void ABounceDoesNotShortenAHold()
    {
        // Pressed at 10 with 20 ms of chatter, released at 13.2: the hold counts from the last bounce, still past 3 s.
        var seen = Play(new GestureRecognizer(Options, TimeSpan.Zero), (10, true), (10.01, false), (10.02, true), (13.2, false), (13.3, null));
        Assert.Equal([(13.3, ButtonGesture.Pairing)], seen);
    }

    [Fact]
    public void ATapShorterThanTheDebounceIsNoise()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        Assert.Empty(Play(r, (10, true), (10.02, false), (11, null), (30, null)));
        Assert.False(r.IsPressed);
    }

    [Fact]
    public void APressDuringStartUpIsIgnoredEvenIfHeldOn()
    {
        var r = new GestureRecognizer(Options, TimeSpan.FromSeconds(100));
        Assert.Empty(Play(r, (101, true), (104.99, null), (120, null), (130, false), (131, null)));
        Assert.Equal([(140.5, ButtonGesture.Identify)], Play(r, (140, true), (140.4, false), (140.5, null)));
    }

    [Fact]
    public void APressStartingRightAtTheEndOfTheGraceCounts() =>
        Assert.Equal([(5.5, ButtonGesture.Identify)], Play(new GestureRecognizer(Options, TimeSpan.Zero), (5, true), (5.4, false), (5.5, null)));

    [Fact]
    public void NextDeadlineFollowsThePress()
    {
        var r = new GestureRecognizer(Options, TimeSpan.Zero);
        Assert.Null(r.NextDeadline);
        r.OnEdge(true, S(10));
        Assert.Equal(S(10.05), r.NextDeadline);
        r.Advance(S(10.05));
        Assert.Equal(S(13), r.NextDeadline);
        r.Advance(S(13));
        Assert.Equal(S(20), r.NextDeadline);
        r.Advance(S(20));
        Assert.Equal(S(25), r.NextDeadline);
        r.Advance(S(25));
        Assert.Null(r.NextDeadline);
        r.OnEdge(false, S(26));
        Assert.Equal(S(26.05), r.NextDeadline);
    }

    [Fact]
    public void WithoutDebounceEdgesCountAtOnce()
    {
        var r = new GestureRecognizer(Options with { Debounce = TimeSpan.Zero }, TimeSpan.Zero);
        Assert.Empty(r.OnEdge(true, S(10)));
        Assert.True(r.IsPressed);
        Assert.Equal([ButtonGesture.Identify], r.OnEdge(false, S(10.1)));
    }

    [Fact]
    public void ThresholdsAreConfigurable()
    {
        var quick = Options with { PairingHold = S(1), ResetHold = S(2), ResetCountdown = S(1) };
        Assert.Equal([(11.2, ButtonGesture.Pairing)], Play(new GestureRecognizer(quick, TimeSpan.Zero), (10, true), (11.1, false), (11.2, null)));
        Assert.Equal([(12, ButtonGesture.ResetCountdownStarted), (13, ButtonGesture.FactoryReset)],
            Play(new GestureRecognizer(quick, TimeSpan.Zero), (10, true), (12, null), (13, null)));
    }

    [Fact]
    public void OptionsThatCannotWorkTogetherAreNamed()
    {
        Assert.Empty(Options.Problems());
        Assert.Equal(
            ["Feedback:Button:Debounce must be 0 or more and shorter than PairingHold", "Feedback:Button:StartupGrace must be 0 or more",
             "Feedback:Button:PairingHold must be shorter than ResetHold", "Feedback:Button:ResetCountdown must be more than 0"],
            (Options with { Debounce = S(-1), StartupGrace = S(-1), PairingHold = S(10), ResetCountdown = TimeSpan.Zero }).Problems());
    }
}
