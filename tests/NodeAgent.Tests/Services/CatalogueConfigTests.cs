using System.Collections;
using NodeAgent.Configuration;
using NodeAgent.Services.Catalogue;

namespace NodeAgent.Tests.Services;

public class CatalogueConfigTests
{
    private static readonly Dictionary<string, string?> NoFlags = new();

    private static Hashtable Env(params (string Key, string Value)[] vars)
    {
        var env = new Hashtable { ["HOME"] = "/home/owner" };
        foreach (var (k, v) in vars)
        {
            env[k] = v;
        }
        return env;
    }

    [Fact]
    public void TheDefaultDirectoryIsEtcNodeagentServicesD() =>
        Assert.Equal("/etc/nodeagent/services.d", AgentConfigReader.Load(null, Env(), NoFlags).CatalogueDirectory);

    [Fact]
    public void AnEnvironmentVariableSetsIt_AndItNeedNotExist() =>
        Assert.Equal("/srv/manifests", AgentConfigReader.Load(null, Env(("NODEAGENT__CATALOGUE__DIRECTORY", "/srv/manifests")), NoFlags).CatalogueDirectory);

    [Fact]
    public void ARelativePathOrAFileIsRefusedWithTheFix()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(null, Env(("NODEAGENT__CATALOGUE__DIRECTORY", "services.d")), NoFlags));
            Assert.Contains("environment variable NODEAGENT__CATALOGUE__DIRECTORY: 'services.d' must be an absolute path, e.g. /etc/nodeagent/services.d", e.Message, StringComparison.Ordinal);
            var f = Assert.Throws<ConfigurationException>(() => AgentConfigReader.Load(null, Env(("NODEAGENT__CATALOGUE__DIRECTORY", file)), NoFlags));
            Assert.Contains("is a file; give the directory that holds the manifests (*.json)", f.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheKeyIsListedAmongTheKnownOnes() =>
        Assert.Contains("Catalogue:Directory", AgentConfigReader.Keys.Keys);

    [Fact]
    public void TheDefaultConstantIsTheOneTheCatalogueUses() =>
        Assert.Equal(ServiceCatalogue.DefaultDirectory, AgentConfigReader.Load(null, Env(), NoFlags).CatalogueDirectory);
}
