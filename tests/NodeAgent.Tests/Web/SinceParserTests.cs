using NodeAgent.Web;

namespace NodeAgent.Tests.Web;

public class SinceParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2026-11-26T11:00:00+00:00")]
    [InlineData("90m", "2026-11-26T10:30:00+00:00")]
    [InlineData("7d", "2026-11-19T12:00:00+00:00")]
    [InlineData("1795000000", "2026-11-18T11:06:40+00:00")]
    [InlineData("2026-11-26T10:00:00Z", "2026-11-26T10:00:00+00:00")]
    public void Understands(string? text, string expected)
    {
        Assert.True(SinceParser.TryParse(text, Now, out var since));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), since);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5m")]
    [InlineData("99999d")]
    [InlineData("1e9")]
    public void Refuses(string text) => Assert.False(SinceParser.TryParse(text, Now, out _));
}
