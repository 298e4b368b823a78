namespace NodeAgent.Tests.Process;

/// <summary>
/// <c>Feedback:Extras</c> against the published binary: an extra the chosen board does not wire stops the agent as a
/// configuration error (78) before anything is opened. (Starting with extras that are wired is left to the in-process
/// tests: on a real machine it would open whatever /dev/i2c-1 or /dev/spidev0.0 happens to be.)
/// </summary>
public sealed class FeedbackExtrasProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-extras-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AnExtraTheBoardDoesNotWireIsAConfigurationError()
    {
        var environment = new Dictionary<string, string>
        {
            ["NODEAGENT__NODE__BOARD"] = "qemu-x86-64",
            ["NODEAGENT__FEEDBACK__EXTRAS"] = "ws2812;oled",
        };
        var (code, stdout, stderr) = await CliRunner.RunAsync(environment, "run", "--data", Path.Combine(_dir, "data"), "--socket", Path.Combine(_dir, "s.sock"));
        Assert.Equal(78, code);
        Assert.Empty(stdout);
        Assert.Contains("'oled' is not an extra output; give any of rgb, ws2812, ssd1306", stderr, StringComparison.Ordinal);
        Assert.Contains("board qemu-x86-64 (configured: Node:Board is 'qemu-x86-64') defines no 'ws2812' extra", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "nothing may be created from a bad configuration");
    }
}
