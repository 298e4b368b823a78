using System.Text.Json;
using NodeAgent.Tests.Process;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>
/// The published agent run by the container's systemd, its own catalogue directory holding a test manifest, driven
/// with its CLI over its socket: the product's wiring end to end (real system bus, apt, dpkg, probes on the container's
/// loopback), nothing aimed by the test.
/// </summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class AgentInContainerTests(NspawnFixture fixture)
{
    private const string Agent = "/usr/local/bin/nodeagent";
    private const string Socket = "/var/lib/na-agent/nodeagent.sock";
    private readonly NspawnContainer _container = fixture.Container;

    [Fact]
    public async Task ThePublishedAgentInstallsStartsProbesStopsAndRemovesThroughItsCli()
    {
        File.Copy(AgentProcess.Binary, Path.Join(_container.Root, Agent.TrimStart('/')), overwrite: true);
        _container.WriteFile("/usr/local/lib/na-web.pl", TestServices.WebScript);
        _container.WriteFile("/etc/systemd/system/na-cweb.service", TestServices.Unit("/usr/bin/perl /usr/local/lib/na-web.pl 18180"));
        var health = """{ "kind": "http", "url": "http://127.0.0.1:18180/", "intervalSeconds": 30, "timeoutSeconds": 2, "graceSeconds": 20 }""";
        _container.WriteFile("/etc/nodeagent/services.d/cweb.json", TestServices.Manifest("cweb", "hello", "na-cweb.service", health, 18180));
        // In the shipped unit's sandbox (read-only system, few capabilities): apt must escape it to install anything.
        var (exit, output) = await _container.ExecAsync(["systemd-run", "--unit=na-agent", "--collect", "--property=StateDirectory=na-agent",
            .. ShippedSandbox().Select(p => $"--property={p}"),
            Agent, "run", "--data", "/var/lib/na-agent", "--urls", "http://127.0.0.1:18700"]);
        Assert.True(exit == 0, output);
        try
        {
            var list = await WaitManagedAsync();
            Assert.Equal("not-installed", Service(list, "cweb").GetProperty("state").GetString());
            Assert.Equal("not-installed", Service(list, "syncthing").GetProperty("state").GetString());

            (exit, output) = await CliAsync("services", "install", "cweb");
            if (exit != 0)
            {
                // What the agent sampled and what the container sees, so a refusal can be understood from the log alone.
                var (_, resources) = await CliAsync("resources", "--json");
                var (_, df) = await _container.ExecAsync("df", "-P", "/", "/var/lib/na-agent");
                Assert.Fail($"{output}\nresources: {resources}\ndf: {df}");
            }

            Assert.Contains("installing cweb; follow its state and progress", output, StringComparison.Ordinal);
            Assert.Contains("cweb: stopped", output, StringComparison.Ordinal);

            (exit, output) = await CliAsync("services", "start", "cweb");
            Assert.True(exit == 0, output);
            var healthy = await WaitStateAsync("cweb", "healthy");
            Assert.Equal("GET http://127.0.0.1:18180/ answered 200", healthy.GetProperty("detail").GetString());

            (exit, output) = await CliAsync("services", "start", "cweb");
            Assert.True(exit == 65, $"exit {exit}: {output}");
            Assert.Contains("cweb runs already (healthy); use restart to start it anew", output, StringComparison.Ordinal);

            (exit, output) = await CliAsync("services", "stop", "cweb");
            Assert.True(exit == 0, output);
            (exit, output) = await CliAsync("services", "remove", "cweb");
            Assert.True(exit == 0, output);
            Assert.Contains("cweb: not-installed", output, StringComparison.Ordinal);
        }
        finally
        {
            await _container.ExecAsync("systemctl", "stop", "na-agent.service");
            await _container.ExecAsync("apt-get", "remove", "-y", "-q", "hello");
        }
    }

    private Task<(int ExitCode, string Output)> CliAsync(params string[] args) => _container.ExecAsync([Agent, .. args, "--socket", Socket]);

    private static JsonElement Service(JsonElement list, string id) =>
        list.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    private async Task<JsonElement> WaitManagedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (exit, output) = await CliAsync("services", "--json");
            if (exit == 0 && JsonDocument.Parse(output).RootElement is var list && list.GetProperty("managed").GetBoolean()
                // Every service's state read (the manager learns them one by one after it connects).
                && list.GetProperty("services").EnumerateArray().All(s => s.GetProperty("state").GetString() != "unknown"))
            {
                return list.Clone();
            }
            Assert.True(DateTime.UtcNow < deadline, $"the agent in the container did not manage services: {output}\n{(await _container.ExecAsync("journalctl", "-u", "na-agent", "-n", "30", "--no-pager")).Output}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement> WaitStateAsync(string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (_, output) = await CliAsync("services", "show", id, "--json");
            var service = JsonDocument.Parse(output).RootElement.Clone();
            if (service.GetProperty("state").GetString() == state)
            {
                return service;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{id} did not become {state}: {output}");
            await Task.Delay(200);
        }
    }

    /// <summary>The sandbox settings of the .deb's unit (image-build/deb/files/nodeagent.service), from ProtectSystem= on.</summary>
    internal static List<string> ShippedSandbox()
    {
        var unit = File.ReadAllLines(Path.Combine(Boards.RepositoryFiles.Root, "image-build", "deb", "files", "nodeagent.service"));
        var start = Array.FindIndex(unit, l => l.StartsWith("ProtectSystem=", StringComparison.Ordinal));
        Assert.True(start > 0, "the shipped unit has no ProtectSystem= line");
        return [.. unit.Skip(start).TakeWhile(l => !l.StartsWith('[')).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }
}
