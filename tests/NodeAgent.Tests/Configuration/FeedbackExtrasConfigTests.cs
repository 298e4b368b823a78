using System.Collections;
using NodeAgent.Configuration;
using NodeAgent.Feedback;

namespace NodeAgent.Tests.Configuration;

public sealed class FeedbackExtrasConfigTests : IDisposable
{
    // A host root without device tree or DMI: only Node:Board or the architecture's fallback can be chosen.
    private readonly string _root = Directory.CreateTempSubdirectory("nodeagent-extras-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Hashtable Env(params (string Key, string Value)[] vars)
    {
        var env = new Hashtable { ["HOME"] = "/home/owner", ["NODEAGENT__RESOURCES__HOSTROOT"] = _root };
        foreach (var (k, v) in vars)
        {
            env[k] = v;
        }
        return env;
    }

    private static readonly Dictionary<string, string?> NoFlags = new();

    private AgentOptions Load(params (string Key, string Value)[] vars) => AgentConfigReader.Load(null, Env(vars), NoFlags);

    private List<string> Problems(params (string Key, string Value)[] vars) =>
        [.. Assert.Throws<ConfigurationException>(() => Load(vars)).Problems];

    [Fact]
    public void NoExtrasByDefault() => Assert.Equal(ExtraOutputs.None, Load().Extras);

    [Fact]
    public void ExtrasTheBoardDefinesAreAcceptedAsAListOrAnArray()
    {
        Assert.Equal(ExtraOutputs.Rgb | ExtraOutputs.Ssd1306,
            Load(("NODEAGENT__NODE__BOARD", "rpi4b"), ("NODEAGENT__FEEDBACK__EXTRAS", "rgb; SSD1306")).Extras);
        Assert.Equal(ExtraOutputs.Ws2812 | ExtraOutputs.Rgb,
            Load(("NODEAGENT__NODE__BOARD", "rpi4b"), ("NODEAGENT__FEEDBACK__EXTRAS__0", "ws2812"), ("NODEAGENT__FEEDBACK__EXTRAS__1", "rgb")).Extras);
    }

    [Fact]
    public void AnUnknownNameIsAProblemNamingTheKnownOnes()
    {
        var problems = Problems(("NODEAGENT__NODE__BOARD", "rpi4b"), ("NODEAGENT__FEEDBACK__EXTRAS", "rgb;neopixel"));
        Assert.Equal(["environment variable NODEAGENT__FEEDBACK__EXTRAS: 'neopixel' is not an extra output; give any of rgb, ws2812, ssd1306"], problems);
    }

    [Fact]
    public void AnExtraTheChosenBoardDoesNotDefineIsAProblem()
    {
        var problems = Problems(("NODEAGENT__NODE__BOARD", "qemu-x86-64"), ("NODEAGENT__FEEDBACK__EXTRAS__0", "ssd1306"));
        var problem = Assert.Single(problems);
        Assert.StartsWith("environment variable NODEAGENT__FEEDBACK__EXTRAS__0: board qemu-x86-64 (configured: Node:Board is 'qemu-x86-64') defines no 'ssd1306' extra (it defines none)", problem, StringComparison.Ordinal);
        Assert.Contains("/etc/nodeagent/boards/qemu-x86-64.json", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADetectedBoardIsCheckedTheSameWay()
    {
        // Nothing to detect here: the fallback profile of this machine's architecture, which has no extras.
        var problem = Assert.Single(Problems(("NODEAGENT__FEEDBACK__EXTRAS", "rgb")));
        Assert.Contains("is the fallback for", problem, StringComparison.Ordinal);
        Assert.Contains("defines no 'rgb' extra", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtrasProblemsAreReportedTogetherWithTheOthers()
    {
        var problems = Problems(("NODEAGENT__NODE__BOARD", "qemu-x86-64"), ("NODEAGENT__FEEDBACK__EXTRAS", "rgb;lcd"), ("NODEAGENT__EVENTS__MAX", "lots"));
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'lcd' is not an extra output", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("defines no 'rgb' extra", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'lots' must be a whole number", StringComparison.Ordinal));
    }

    [Fact]
    public void AnExtrasKeyOutsideTheArrayIsUnknown()
    {
        var problem = Assert.Single(Problems(("NODEAGENT__FEEDBACK__EXTRA", "rgb")));
        Assert.Contains("unknown key 'FEEDBACK:EXTRA'", problem, StringComparison.Ordinal);
    }
}
