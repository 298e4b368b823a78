using System.Diagnostics;
using NodeAgent.Services.Catalogue;
using NodeAgent.Services.Limits;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Services;

/// <summary>
/// Bookworm's own systemd (252) reads every drop-in the agent would write: <c>systemd-analyze verify</c> reports an
/// unknown key or a bad value, and must report none. The controls show it does report both.
/// </summary>
public sealed class LimitsDropInSystemdTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void EveryShippedManifestsDropInIsAcceptedBySystemd()
    {
        foreach (var manifest in ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles()).Manifests)
        {
            Assert.Equal("", Verify(manifest.Id, LimitsDropIn.For(manifest)));
        }
    }

    [Theory]
    [InlineData("RestartSteps=5", "Unknown key 'RestartSteps' in section [Service], ignoring.")]
    [InlineData("MemoryMax=lots", "Invalid memory limit 'lots', ignoring")]
    public void TheCheckCatchesKeysAndValuesSystemd252DoesNotTake(string line, string complaint)
    {
        var text = LimitsDropIn.For(ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles()).Find("serf")!) + line + "\n";
        Assert.Contains(complaint, Verify("control", text), StringComparison.Ordinal);
    }

    /// <summary>What systemd-analyze says about the drop-in (only lines about files in the test's directory).</summary>
    private string Verify(string name, string dropIn)
    {
        _tree.Write($"{name}.service", "[Unit]\nDescription=drop-in check\n\n[Service]\nExecStart=/bin/true\n");
        _tree.Write($"{name}.service.d/{LimitsDropIn.FileName}", dropIn);
        var start = new ProcessStartInfo("systemd-analyze", ["verify", "--man=no", _tree.PathOf($"{name}.service")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["SYSTEMD_UNIT_PATH"] = _tree.Root + ":";
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("systemd-analyze is missing: install the 'systemd' package (tests/scripts/deps.sh does)", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(30_000), "systemd-analyze did not finish in 30 s");
            return string.Join('\n', (stdout + stderr.Result).Split('\n').Where(l => l.Contains(_tree.Root, StringComparison.Ordinal)));
        }
    }
}
