using NodeAgent.Tests.Boards;
using NodeAgent.Tests.Process;

namespace NodeAgent.Tests.Services;

/// <summary>The published agent loads the catalogue at start, logs what it skipped or replaced, and runs on.</summary>
public sealed class CatalogueStartupTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task ABadLocalManifestIsLoggedAndTheAgentRunsWithTheOthers()
    {
        var local = _tree.PathOf("services.d");
        _tree.Write("services.d/bad.json", """{ "id": "bad", "name": "Bad" }""");
        _tree.Write("services.d/test.json", ManifestTemplate.Valid("test"));
        var squid = await File.ReadAllTextAsync(Path.Join(RepositoryFiles.Root, "src", "NodeAgent", "Services", "Catalogue", "Manifests", "squid.json"));
        _tree.Write("services.d/squid.json", squid.Replace("\"priority\": 40", "\"priority\": 45", StringComparison.Ordinal));

        await using var agent = await AgentProcess.StartAsync(_tree.PathOf("data"), new Dictionary<string, string> { ["NODEAGENT__CATALOGUE__DIRECTORY"] = local });
        var output = await WaitForAsync(agent, "catalogue: 9 services");
        Assert.Contains($"catalogue: manifest {local}/bad.json skipped: $.description: is missing; give a string;", output, StringComparison.Ordinal);
        Assert.Contains($"catalogue: {local}/squid.json replaces built-in:squid.json", output, StringComparison.Ordinal);
        Assert.Contains($"catalogue: 9 services (etcd, icecast2, node-exporter, prometheus, serf, squid, syncthing, test, unbound); local manifests from {local}", output, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await agent.Http.GetAsync("healthz")).StatusCode);
    }

    private static async Task<string> WaitForAsync(AgentProcess agent, string text)
    {
        for (var waited = 0; waited < 100 && !agent.Output.Contains(text, StringComparison.Ordinal); waited++)
        {
            await Task.Delay(50);
        }
        return agent.Output;
    }
}
