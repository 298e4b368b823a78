using System.Diagnostics;
using NodeAgent.Tests.Discovery.Serf;
using NodeAgent.Tests.Resources;

namespace NodeAgent.Tests.Process;

/// <summary>
/// The link shown on the LEDs follows the kernel's link events rather than a poll. The published agent runs in a
/// network namespace of its own (joined to this host by a veth pair), with an APU2's <c>/sys</c> from a fixture whose
/// two physical ports are down and whose status LED is a file. A port's operstate turning "up" in the fixture is not
/// noticed on its own (nothing polls); the namespace's link losing its carrier, a kernel event, makes the agent look
/// at once, and the LED leaves "no network".
/// </summary>
public sealed class LinkEventTests : IAsyncLifetime
{
    private const string StatusLed = "sys/class/leds/apu:green:2";
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-link-").FullName;
    private HostFixture _host = null!;
    private NamespaceLink _link = null!;
    private System.Diagnostics.Process _agent = null!;
    private readonly System.Text.StringBuilder _output = new();

    public async Task InitializeAsync()
    {
        _host = HostFixture.Copy("apu2");
        foreach (var port in (string[])["enp1s0", "enp2s0", "enp3s0"])
        {
            Directory.CreateDirectory(Path.Join(_host.Root, "sys/class/net", port, "device"));
            _host.Write($"sys/class/net/{port}/operstate", "down\n");
        }
        Directory.CreateDirectory(Path.Join(_host.Root, StatusLed));
        _host.Write($"{StatusLed}/trigger", "[none] timer heartbeat default-on\n");
        _host.Write($"{StatusLed}/max_brightness", "1\n");
        _host.Write($"{StatusLed}/brightness", "0\n");
        _link = await NamespaceLink.CreateAsync();

        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["netns", "exec", _link.Namespace, AgentProcess.Binary, "run", "--data", Path.Join(_dir, "data"), "--urls", "http://127.0.0.1:8480"])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NODEAGENT__NODE__BOARD"] = "apu2";
        info.Environment["NODEAGENT__RESOURCES__HOSTROOT"] = _host.Root;
        // No resource sample (each one re-evaluates everything) while the test watches.
        info.Environment["NODEAGENT__RESOURCES__SAMPLESECONDS"] = "600";
        info.Environment["NODEAGENT__DISCOVERY__SERF__ENABLED"] = "false";
        _agent = System.Diagnostics.Process.Start(info)!;
        _agent.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _agent.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _agent.BeginOutputReadLine();
        _agent.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        if (!_agent.HasExited)
        {
            _agent.Kill();
            await _agent.WaitForExitAsync();
        }
        _agent.Dispose();
        await _link.DisposeAsync();
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>What the status LED shows: its trigger and, under the timer trigger, the rhythm.</summary>
    private string Led()
    {
        var trigger = File.ReadAllText(Path.Join(_host.Root, StatusLed, "trigger")).Trim();
        return trigger != "timer" ? trigger
            : $"timer {File.ReadAllText(Path.Join(_host.Root, StatusLed, "delay_on")).Trim()}/{File.ReadAllText(Path.Join(_host.Root, StatusLed, "delay_off")).Trim()}";
    }

    private async Task<string> WaitLedAsync(Func<string, bool> shown, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var now = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                now = Led();
                if (shown(now))
                {
                    return now;
                }
            }
            catch (IOException)
            {
                // Being written; read again.
            }
            Assert.False(_agent.HasExited, $"the agent exited:\n{_output}");
            await Task.Delay(50);
        }
        lock (_output)
        {
            Assert.Fail($"the status LED shows {now} after {within.TotalSeconds} s; agent output:\n{_output}");
        }
        return now;
    }

    [Fact]
    public async Task AKernelLinkEventMakesTheAgentLookAtTheLinkAndNothingPollsIt()
    {
        // single-flash, 100 ms on in 2 s: no network.
        const string NoNetwork = "timer 100/1900";
        await WaitLedAsync(led => led == NoNetwork, TimeSpan.FromSeconds(20));

        _host.Write("sys/class/net/enp1s0/operstate", "up\n");
        // The poll this replaces looked every 2 s; the safety net is 30 s away.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(NoNetwork, Led());

        var started = Stopwatch.StartNew();
        await _link.SetUpAsync(false);
        var shown = await WaitLedAsync(led => led != NoNetwork, TimeSpan.FromSeconds(3));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"{shown} after {started.Elapsed}");
    }
}
