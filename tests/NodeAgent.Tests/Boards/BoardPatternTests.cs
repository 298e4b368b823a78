using NodeAgent.Boards;

namespace NodeAgent.Tests.Boards;

public class BoardPatternTests
{
    [Theory]
    [InlineData("Raspberry Pi 4 Model B", "Raspberry Pi 4 Model B", false, true)]
    [InlineData("Raspberry Pi 4 Model B Rev *", "Raspberry Pi 4 Model B Rev 1.4", false, true)]
    [InlineData("Raspberry Pi 4 Model B Rev *", "Raspberry Pi 4 Model B", false, false)]
    [InlineData("Raspberry Pi 3 Model B Rev *", "Raspberry Pi 3 Model B Plus Rev 1.3", false, false)]
    [InlineData("Raspberry Pi 3 Model B", "Raspberry Pi 3 Model B+", false, false)]
    [InlineData("apu?", "apu2", false, true)]
    [InlineData("apu?", "apu", false, false)]
    [InlineData("*x*y", "axxby", false, true)]
    [InlineData("*x*y", "axxbyz", false, false)]
    [InlineData("a**", "a", false, true)]
    [InlineData("APU2", "apu2", false, false)]
    [InlineData("APU2", "apu2", true, true)]
    [InlineData("", "", false, true)]
    [InlineData("", "x", false, false)]
    public void Matches(string pattern, string text, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, BoardPattern.Matches(pattern, text, ignoreCase));

    [Theory]
    [InlineData("*", 0)]
    [InlineData("a?b*", 2)]
    [InlineData("Raspberry Pi 4*", 14)]
    public void SpecificityCountsLiteralCharacters(string pattern, int expected) =>
        Assert.Equal(expected, BoardPattern.Specificity(pattern));
}
