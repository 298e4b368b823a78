using System.Text;
using NodeAgent.Discovery;
using static NodeAgent.Tests.Discovery.DiscoveryHarness;

namespace NodeAgent.Tests.Discovery;

/// <summary>Paging, digest and the checks every received page goes through.</summary>
public sealed class RecordCodecTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    private static LocalService Biggest(int i) => Svc("_abcdefghijklmno._tcp", $"service number {i:D4}",
        65535, [.. Enumerable.Range(0, 4).Select(k => ($"key-{k}", new string('v', 100)))]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(250)]
    [InlineData(1000)]
    public void AnyRecordSetRoundTripsThroughPagesThatEachFitOneSerfAnswer(int count)
    {
        var services = Enumerable.Range(0, count).Select(i => i % 3 == 0 && count <= 250 ? Biggest(i) : Svc("_syncthing._tcp", $"s{i}", 22000 + i, ("id", $"{i}"))).ToList();

        var pages = RecordCodec.Paginate(Id, services);
        var decoded = pages.Pages.Select(p => RecordCodec.TryDecodePage(p, out var error) ?? throw new InvalidOperationException(error)).ToList();
        var assembled = RecordCodec.TryAssemble(decoded, Id, pages.Digest, out var why);

        Assert.All(pages.Pages, p => Assert.InRange(p.Length, 1, RecordCodec.MaxPageBytes));
        Assert.Equal(count, pages.Count);
        Assert.True(assembled is not null, why);
        Assert.Equal(RecordDigest.Compute(Id, services), pages.Digest);
        Assert.Equal(services.Select(s => (s.Type, s.Name, s.Port)).Order(), assembled.Select(s => (s.Type, s.Name, s.Port)).Order());
        Assert.Equal(services.SelectMany(s => s.Fields.Select(f => $"{s.Name}:{f.Key}={f.Value}")).Order(), assembled.SelectMany(s => s.Fields.Select(f => $"{s.Name}:{f.Key}={f.Value}")).Order());
    }

    [Fact]
    public void DigestIgnoresOrderButSeesEveryFieldPortAndBoundary()
    {
        var a = Svc("_a._tcp", "x", 1, ("k", "v"));
        var b = Svc("_b._tcp", "y", 2);
        var baseline = RecordDigest.Compute(Id, [a, b]);

        Assert.Matches("^[0-9a-f]{16}$", baseline);
        Assert.Equal(baseline, RecordDigest.Compute(Id, [b, a]));
        Assert.NotEqual(baseline, RecordDigest.Compute(Id, [a with { Port = 3 }, b]));
        Assert.NotEqual(baseline, RecordDigest.Compute(Id, [Svc("_a._tcp", "x", 1, ("k", "w")), b]));
        Assert.NotEqual(RecordDigest.Compute(Id, [Svc("_a._tcp", "ab", 1, ("c", ""))]), RecordDigest.Compute(Id, [Svc("_a._tcp", "a", 1, ("bc", ""))]));
        Assert.NotEqual(baseline, RecordDigest.Compute("f" + Id[1..], [a, b]));
    }

    public static TheoryData<string, string> HostilePages => new()
    {
        { "\u0000garbage", "not a record page" },
        { "null", "JSON null" },
        { "[]", "not a record page" },
        { """{"v":2,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[]}""", "version 2" },
        { """{"v":1,"p":0,"n":10000,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[]}""", "claims 10000 pages" },
        { """{"v":1,"p":3,"n":2,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[]}""", "out of range" },
        { """{"v":1,"p":0,"n":1,"d":"XYZ","i":"0123456789abcdef0123456789abcdef","s":[]}""", "16 hex" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"../../etc/passwd","s":[]}""", "32 hex" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef"}""", "lacks" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[],"evil":1}""", "not a record page" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[{"t":"_x._tcp","i":"a","p":0,"f":{}}]}""", "port 0" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[{"t":"http","i":"a","p":80,"f":{}}]}""", "type 'http'" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[{"t":"_x._tcp","i":"a\u0007","p":80,"f":{}}]}""", "name" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[{"t":"_x._tcp","i":"a","p":80,"f":{"K Y":"v"}}]}""", "field key" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[{"t":"_x._tcp","i":"a","p":80,"f":{"k":{"deep":[[[[[[[[1]]]]]]]]}}}]}""", "not a record page" },
        { """{"v":1,"p":0,"n":1,"d":"0123456789abcdef","i":"0123456789abcdef0123456789abcdef","s":[null]}""", "lacks its type" },
    };

    [Theory]
    [MemberData(nameof(HostilePages))]
    public void MalformedPagesAreRefusedWithAReason(string json, string reason)
    {
        var page = RecordCodec.TryDecodePage(Encoding.UTF8.GetBytes(json), out var error);

        Assert.Null(page);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedAnswersAreRefusedBeforeParsing()
    {
        var page = RecordCodec.TryDecodePage(new byte[RecordCodec.MaxReceivedPageBytes + 1], out var error);

        Assert.Null(page);
        Assert.Contains("larger than 1024", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AssemblyRefusesMissingPagesWrongDigestsWrongNodesAndDuplicates()
    {
        var services = Enumerable.Range(0, 40).Select(i => Svc("_x._tcp", $"s{i}", 1, ("pad", new string('p', 60)))).ToList();
        var pages = RecordCodec.Paginate(Id, services);
        var decoded = pages.Pages.Select(p => RecordCodec.TryDecodePage(p, out _)!).ToList();
        var forged = decoded.Select(p => p with { Digest = "0000000000000000" }).ToList();
        var duplicated = RecordCodec.Paginate(Id, [Svc("_x._tcp", "a", 1)]).Pages.Select(p => RecordCodec.TryDecodePage(p, out _)!).ToList();
        duplicated[0] = duplicated[0] with { Services = [.. duplicated[0].Services!, duplicated[0].Services![0]] };

        Assert.Null(RecordCodec.TryAssemble(decoded[1..], Id, pages.Digest, out var missing));
        Assert.Null(RecordCodec.TryAssemble(decoded, "f" + Id[1..], pages.Digest, out var otherNode));
        Assert.Null(RecordCodec.TryAssemble(decoded, Id, "0000000000000000", out var notAsked));
        Assert.Null(RecordCodec.TryAssemble(forged, Id, "0000000000000000", out var lying));
        Assert.Null(RecordCodec.TryAssemble(duplicated, Id, duplicated[0].Digest!, out var twice));
        Assert.Contains("pages of", missing, StringComparison.Ordinal);
        Assert.Contains("node id", otherNode, StringComparison.Ordinal);
        Assert.Contains("was asked for", notAsked, StringComparison.Ordinal);
        Assert.Contains("not the 0000000000000000 they claim", lying, StringComparison.Ordinal);
        Assert.Contains("appears twice", twice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("127", true, 127)]
    [InlineData("", false, 0)]
    [InlineData("1000", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("1 ", false, 0)]
    public void RequestsAreOnlyPageNumbers(string payload, bool valid, int page)
    {
        Assert.Equal(valid, RecordRequest.TryDecode(Encoding.ASCII.GetBytes(payload), out var p));
        Assert.Equal(page, valid ? p : 0);
    }
}
