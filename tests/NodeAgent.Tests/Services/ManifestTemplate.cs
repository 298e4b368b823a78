using NodeAgent.Configuration;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Tests.Services;

/// <summary>A valid manifest that tests break one thing in, and helpers to load it beside a good one.</summary>
internal static class ManifestTemplate
{
    public static string Valid(string id) => $$"""
        {
          "id": "{{id}}",
          "name": "Test service",
          "description": "A service for tests.",
          "continues": "syncthing",
          "packages": ["testpkg"],
          "unit": "testpkg.service",
          "architectures": ["amd64", "arm64"],
          "requirements": { "ramMb": 100, "diskMb": 50, "cores": 1 },
          "limits": { "memoryHighMb": 150, "memoryMaxMb": 200, "cpuQuotaPercent": 100, "ioWeight": 50 },
          "priority": 50,
          "health": { "kind": "http", "url": "http://127.0.0.1:8080/health", "intervalSeconds": 30, "timeoutSeconds": 5 },
          "ports": [ { "port": 8080, "protocol": "tcp", "purpose": "web" }, { "port": 5000, "protocol": "udp", "purpose": "data" } ],
          "announce": { "type": "_test._tcp", "port": 8080, "fields": { "k": "v" }, "action": { "kind": "open-url", "template": "http://{host}:{port}/" } }
        }
        """;

    /// <summary>The template with <paramref name="from"/> (which must occur) replaced by <paramref name="to"/>.</summary>
    public static string Edit(string from, string to)
    {
        var valid = Valid("test");
        Assert.Contains(from, valid, StringComparison.Ordinal);
        return valid.Replace(from, to, StringComparison.Ordinal);
    }

    public static JsonFile Local(string json, string fileName = "test.json") => new($"/etc/nodeagent/services.d/{fileName}", fileName, json);

    public static JsonFile BuiltIn(string id) => new($"built-in:{id}.json", $"{id}.json", Valid(id));

    /// <summary>Loads <paramref name="json"/> beside a good manifest, checks the good one still loads, and returns the bad one's problems.</summary>
    public static IReadOnlyList<ManifestProblem> ProblemsOf(string json, string fileName = "test.json")
    {
        var catalogue = ServiceCatalogue.Load([BuiltIn("other"), Local(json, fileName)]);
        Assert.Equal(["other"], catalogue.Ids);
        var error = Assert.Single(catalogue.Errors);
        Assert.Equal($"/etc/nodeagent/services.d/{fileName}", error.Origin);
        Assert.NotEmpty(error.Problems);
        return error.Problems;
    }

    /// <summary>The one problem at <paramref name="path"/>; fails when there is none or more than one problem.</summary>
    public static string ProblemAt(string json, string path)
    {
        var problems = ProblemsOf(json);
        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        return problem.Message;
    }
}
