using System.Text;
using NodeAgent.Boards;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public class LedLanguageTests
{
    private static readonly NodeState[] States = Enum.GetValues<NodeState>();

    [Fact]
    public void EveryStateHasItsOwnStatusRhythm()
    {
        var patterns = States.Select(LedLanguage.Status).ToList();
        Assert.Equal(States.Length, patterns.Distinct().Count());
    }

    [Fact]
    public void NoTwoPatternsShareARhythm()
    {
        var rhythms = LedPattern.All.Select(p => p.IsSteady ? (p.SteadyOn ? "on" : "off") : string.Join(',', p.Steps.Select(s => s.Ticks))).ToList();
        Assert.Equal(rhythms.Count, rhythms.Distinct().Count());
        Assert.Equal(LedPattern.All.Count, LedPattern.All.Select(p => p.Name).Distinct().Count());
    }

    [Fact]
    public void EveryBlinkingPatternHasAnEvenNumberOfPositiveSteps() =>
        Assert.All(LedPattern.All.Where(p => !p.IsSteady), p =>
        {
            Assert.True(p.Steps.Length % 2 == 0, p.Name);
            Assert.All(p.Steps, s => Assert.True(s > TimeSpan.Zero, p.Name));
        });

    [Fact]
    public void ThePowerLedIsNeverDarkAndTheAlertLedIsDarkWhenAllIsWell()
    {
        Assert.All(States, s => Assert.NotEqual(LedPattern.Off, LedLanguage.For(s, LedRole.Power)));
        Assert.Equal(LedPattern.Off, LedLanguage.For(NodeState.Healthy, LedRole.Alert));
        Assert.Equal(LedPattern.Solid, LedLanguage.For(NodeState.Critical, LedRole.Alert));
        Assert.All([LedRole.Status, LedRole.Power, LedRole.Alert], r => Assert.Equal(LedPattern.Flicker, LedLanguage.For(NodeState.FactoryResetCountdown, r)));
    }

    [Fact]
    public void TheStatusRoleIsTheStatusPattern() =>
        Assert.All(States, s => Assert.Same(LedLanguage.Status(s), LedLanguage.For(s, LedRole.Status)));

    [Fact]
    public void AnRgbLedIsNeverDark() => Assert.All(States, s => Assert.NotEqual(RgbColour.Off, LedLanguage.Colour(s)));

    [Theory]
    [InlineData(new[] { LedRole.Status, LedRole.Power }, new[] { LedRole.Status, LedRole.Power })]
    [InlineData(new[] { LedRole.Power, LedRole.Status, LedRole.Alert }, new[] { LedRole.Power, LedRole.Status, LedRole.Alert })]
    [InlineData(new[] { LedRole.Power, LedRole.Alert }, new[] { LedRole.Status, LedRole.Alert })]
    [InlineData(new[] { LedRole.Alert }, new[] { LedRole.Status })]
    [InlineData(new LedRole[0], new LedRole[0])]
    public void ABoardWithoutAStatusLedLendsTheRoleToItsFirst(LedRole[] declared, LedRole[] expected) =>
        Assert.Equal(expected, LedLanguage.EffectiveRoles(declared));

    [Theory]
    [InlineData(0, true)]
    [InlineData(249, true)]
    [InlineData(250, false)]
    [InlineData(499, false)]
    [InlineData(500, true)]
    [InlineData(10_250, false)]
    public void BlinkIsOnForTheFirstQuarterSecondOfEachHalf(int ms, bool on) =>
        Assert.Equal(on, LedPattern.Blink.IsOnAt(TimeSpan.FromMilliseconds(ms)));

    [Theory]
    [InlineData(50, true)]
    [InlineData(150, false)]
    [InlineData(350, true)]
    [InlineData(450, false)]
    [InlineData(1999, false)]
    [InlineData(2050, true)]
    public void DoubleFlashFlashesTwiceEveryTwoSeconds(int ms, bool on) =>
        Assert.Equal(on, LedPattern.DoubleFlash.IsOnAt(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void SteadyPatternsIgnoreTime()
    {
        Assert.True(LedPattern.Solid.IsOnAt(TimeSpan.FromHours(3)));
        Assert.False(LedPattern.Off.IsOnAt(TimeSpan.Zero));
        Assert.Equal("on", LedPattern.Solid.Timing);
        Assert.Equal("100/200/100/1600 ms", LedPattern.DoubleFlash.Timing);
    }

    /// <summary>The README table is this class written out: every row must be there, exactly.</summary>
    [Fact]
    public void TheReadmeTableMatchesTheCode()
    {
        var readme = File.ReadAllText(Path.Join(RepositoryFiles.BoardsDirectory, "README.md"));
        var missing = new StringBuilder();
        foreach (var state in States)
        {
            var status = LedLanguage.Status(state);
            var row = $"| {NodeStateNames.Of(state)} | {status.Name} | {status.Timing} | {LedLanguage.For(state, LedRole.Power).Name} | "
                + $"{LedLanguage.For(state, LedRole.Alert).Name} | {LedLanguage.Colour(state).ToString().ToLowerInvariant()} |";
            if (!readme.Contains(row, StringComparison.Ordinal))
            {
                missing.AppendLine(row);
            }
        }
        Assert.True(missing.Length == 0, $"boards/README.md lacks these rows of the LED language:\n{missing}");
    }
}
