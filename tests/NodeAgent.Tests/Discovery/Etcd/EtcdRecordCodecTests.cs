using System.Text;
using NodeAgent.Discovery;
using NodeAgent.Discovery.Etcd;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>The key layout and the checks on keys and values read from etcd.</summary>
public sealed class EtcdRecordCodecTests
{
    private const string Prefix = "/nodeagent/v1/";
    private static readonly string Id = new('c', 32);

    private static EtcdRecordKey? Key(string key, out string error) => EtcdRecordCodec.TryParseKey(Prefix, Encoding.UTF8.GetBytes(key), out error);

    [Fact]
    public void ServicesRoundTripThroughTheirKeyAndValue()
    {
        var service = Svc("_syncthing._tcp", "Sync/at 50%", 22000, ("path", "/"));
        var key = EtcdRecordCodec.ServiceKey(Prefix, Id, service);

        var parsed = Key(key, out var error);
        var decoded = EtcdRecordCodec.TryDecodeService(parsed!, EtcdRecordCodec.EncodeService(service), out var valueError);

        Assert.Equal($"/nodeagent/v1/services/{Id}/_syncthing._tcp/Sync%2Fat%2050%25", key);
        Assert.Equal(("", ""), (error, valueError));
        Assert.Equal((Id, "_syncthing._tcp", false), (parsed!.NodeId, parsed.Type, parsed.IsNode));
        Assert.Equal((service.Type, service.Name, service.Port), (decoded!.Type, decoded.Name, decoded.Port));
        Assert.Equal(service.Fields, decoded.Fields);
        Assert.True(Key(EtcdRecordCodec.NodeKey(Prefix, Id), out _)!.IsNode);
    }

    [Theory]
    [InlineData("/nodeagent/v1/nodes/", "does not end in a node id")]
    [InlineData("/nodeagent/v1/nodes/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "does not end in a node id")]
    [InlineData("/nodeagent/v1/services/cccccccccccccccccccccccccccccccc/_http._tcp", "is neither")]
    [InlineData("/nodeagent/v1/services/cccccccccccccccccccccccccccccccc/http/x", "type 'http' must be a DNS-SD")]
    [InlineData("/nodeagent/v1/services/cccccccccccccccccccccccccccccccc/_http._tcp/", "has no instance name")]
    [InlineData("/nodeagent/v1/services/cccccccccccccccccccccccccccccccc/_http._tcp/a/b", "is neither")]
    [InlineData("/nodeagent/v1/other", "is neither")]
    public void KeysOutsideTheLayoutAreRefused(string key, string reason)
    {
        Assert.Null(Key(key, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":1,"n":"a","c":"","a":[],"na":"1.0"}""", "")]
    [InlineData("""{"v":1,"n":"a","c":"Sants","a":["10.0.0.1","fd00::1"],"na":"1.0","r":"512,2048,5"}""", "")]
    [InlineData("""{"v":1,"n":"a","c":"","a":[],"na":"1.0","r":"lots"}""", "capacity 'lots'")]
    [InlineData("""{"v":1,"n":"a","c":"","a":[],"na":"1 0"}""", "agent version")]
    [InlineData("""{"v":1,"n":"a","c":"bad/community","a":[],"na":"1"}""", "community 'bad/community'")]
    [InlineData("""{"v":1,"n":"a","c":"","na":"1"}""", "lacks its name")]
    [InlineData("""{"v":1,"n":"a","c":"","a":["1.1.1.1","1.1.1.2","1.1.1.3","1.1.1.4","1.1.1.5","1.1.1.6","1.1.1.7","1.1.1.8","1.1.1.9"],"na":"1"}""", "9 addresses")]
    [InlineData("null", "JSON null")]
    [InlineData("[]", "not a node record")]
    public void NodeValuesAreChecked(string json, string reason)
    {
        var node = EtcdRecordCodec.TryDecodeNode(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Equal(reason.Length == 0, node is not null);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueOverTheLimitIsRefusedBeforeParsing()
    {
        var key = Key(EtcdRecordCodec.ServiceKey(Prefix, Id, Svc("_http._tcp", "web", 80)), out _)!;
        var huge = Encoding.UTF8.GetBytes("{\"t\":\"_http._tcp\",\"i\":\"web\",\"p\":80,\"f\":{\"a\":\"" + new string('x', 5000) + "\"}}");

        Assert.Null(EtcdRecordCodec.TryDecodeService(key, huge, out var error));
        Assert.Equal($"value of {huge.Length} bytes, more than {EtcdRecordCodec.MaxValueBytes}", error);
    }
}
