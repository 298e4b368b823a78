using System.Globalization;
using NodeAgent.Configuration;
using NodeAgent.Services.Catalogue;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Services;

public class ShippedManifestsTests
{
    private static readonly string[] Expected = ["etcd", "icecast2", "node-exporter", "prometheus", "serf", "squid", "syncthing", "unbound"];

    private static string ManifestDirectory => Path.Join(RepositoryFiles.Root, "src", "NodeAgent", "Services", "Catalogue", "Manifests");

    [Fact]
    public void EveryShippedManifestLoads()
    {
        var catalogue = ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles());
        Assert.Empty(catalogue.Errors);
        Assert.Equal(Expected, catalogue.Ids);
    }

    [Fact]
    public void TheBinaryEmbedsExactlyTheRepositoryFiles()
    {
        var builtIn = ServiceCatalogue.BuiltInFiles().ToDictionary(f => f.FileName, f => f.Json);
        var onDisk = Directory.GetFiles(ManifestDirectory, "*.json").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        Assert.Equal(onDisk.Keys.Order(), builtIn.Keys.Order());
        foreach (var (name, json) in onDisk)
        {
            Assert.Equal(json, builtIn[name]);
        }
    }

    [Theory]
    [InlineData("syncthing", "syncthing")]
    [InlineData("serf", "serf")]
    [InlineData("etcd", "etcd")]
    [InlineData("unbound", "dnsservice")]
    [InlineData("squid", "guifi-proxy3")]
    [InlineData("icecast2", "peerstreamer")]
    [InlineData("prometheus", "snpservice")]
    [InlineData("node-exporter", null)]
    public void EachManifestNamesTheCloudyServiceItContinues(string id, string? seed) =>
        Assert.Equal(seed, ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles()).Find(id)!.Continues);

    [Fact]
    public void NoShippedManifestLeavesADefaultPassword()
    {
        var icecast = ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles()).Find("icecast2")!;
        Assert.Equal(["icecast2/adminpassword", "icecast2/relaypassword", "icecast2/sourcepassword"],
            icecast.Debconf.Where(d => d.Secret).Select(d => d.Question).Order());
    }

    [Fact]
    public void LoadDefaultUsesTheBuiltInManifestsWhenThereIsNoLocalDirectory()
    {
        var catalogue = ServiceCatalogue.LoadDefault(Path.Join(Path.GetTempPath(), "no-such-services-dir-" + Guid.NewGuid()));
        Assert.Empty(catalogue.Errors);
        Assert.Empty(catalogue.Replaced);
        Assert.Equal(Expected, catalogue.Ids);
    }

    [Fact]
    public void ALocalFileReplacesTheBuiltInOneAddsNewOnesAndABadOneIsSkipped()
    {
        using var tree = new TempTree();
        // The owner opened squid to the community and announces it: same id, so it replaces the built-in manifest.
        var squid = ServiceCatalogue.BuiltInFiles().Single(f => f.FileName == "squid.json").Json
            .Replace("\"priority\": 40,", "\"priority\": 45,", StringComparison.Ordinal);
        tree.Write("squid.json", squid);
        tree.Write("test.json", ManifestTemplate.Valid("test"));
        tree.Write("broken.json", ManifestTemplate.Valid("broken").Replace("\"ramMb\": 100", "\"ramMb\": -3", StringComparison.Ordinal));
        tree.Write("notes.txt", "not a manifest");

        var catalogue = ServiceCatalogue.LoadDefault(tree.Root);
        Assert.Equal(Expected.Append("test").Order(StringComparer.Ordinal), catalogue.Ids);
        Assert.Equal(45, catalogue.Find("squid")!.Priority);
        Assert.Equal([$"{tree.PathOf("squid.json")} replaces built-in:squid.json"], catalogue.Replaced);
        var error = Assert.Single(catalogue.Errors);
        Assert.Equal(tree.PathOf("broken.json"), error.Origin);
        Assert.Equal([new ManifestProblem("$.requirements.ramMb", "is -3; give the MiB of RAM the service uses while running as a whole number from 1 to 65536")], error.Problems);
        Assert.Equal($"{tree.PathOf("broken.json")}: $.requirements.ramMb: is -3; give the MiB of RAM the service uses while running as a whole number from 1 to 65536", error.ToString());
    }

    [Fact]
    public void ABadOverrideLeavesTheBuiltInManifestInPlace()
    {
        var catalogue = ServiceCatalogue.Load([.. ServiceCatalogue.BuiltInFiles(), ManifestTemplate.Local("{ \"id\": \"syncthing\" }", "syncthing.json")]);
        Assert.Equal(Expected, catalogue.Ids);
        Assert.Empty(catalogue.Replaced);
        Assert.Equal(160, catalogue.Find("syncthing")!.Requirements.RamMb);
        Assert.Contains(catalogue.Errors.Single().Problems, p => p.Path == "$.name");
    }

    /// <summary>The README's catalogue table says what the manifests say (id, package, continues, RAM, ports).</summary>
    [Fact]
    public void TheReadmeTableMatchesTheManifests()
    {
        var rows = File.ReadAllLines(Path.Join(RepositoryFiles.Root, "README.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .Where(cells => cells.Length == 6)
            .ToDictionary(cells => cells[0].Trim('`'));
        foreach (var m in ServiceCatalogue.Load(ServiceCatalogue.BuiltInFiles()).Manifests)
        {
            Assert.True(rows.TryGetValue(m.Id, out var row), $"README has no catalogue row for {m.Id}");
            Assert.Equal(string.Join(", ", m.Packages), row[1]);
            Assert.Equal(m.Continues is null ? "—" : $"{m.Continues}", row[2]);
            Assert.Equal(m.Requirements.RamMb.ToString(CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(string.Join(", ", m.Ports.Select(p => p.ToString())), row[4]);
        }
    }
}
