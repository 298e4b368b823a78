using System.Text.RegularExpressions;

namespace NodeAgent.Tests;

/// <summary>Checks text against the Prometheus exposition format 0.0.4.</summary>
internal static partial class PrometheusExposition
{
    public static void AssertValid(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(HelpLine(), line);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var m = TypeLine().Match(line);
                Assert.True(m.Success, $"bad TYPE line: {line}");
                Assert.True(typed.Add(m.Groups[1].Value), $"TYPE given twice for {m.Groups[1].Value}");
            }
            else
            {
                var m = Sample().Match(line);
                Assert.True(m.Success, $"bad sample line: {line}");
                Assert.StartsWith("nodeagent_", line, StringComparison.Ordinal);
                Assert.True(series.Add(m.Groups["series"].Value), $"series given twice: {m.Groups["series"].Value}");
            }
        }
    }

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})?) (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$""")]
    private static partial Regex Sample();
}
