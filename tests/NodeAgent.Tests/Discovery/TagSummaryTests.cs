using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;

namespace NodeAgent.Tests.Discovery;

public sealed class TagSummaryTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void TagsStayFarBelowSerfsLimitWhateverTheServices()
    {
        // The longest value of every tag: a 63-character community, 1000 services, huge capacity.
        var services = Enumerable.Range(0, RecordCodec.MaxServicesPerNode).Select(i => DiscoveryHarness.Svc("_x._tcp", $"s{i}", 1)).ToList();
        var pages = RecordCodec.Paginate(Id, services);
        var summary = new NodeSummary("0.1.0-preview.1234567890+abcdef", Id, "C" + new string('x', 62), pages.Digest, pages.Count,
            new SpareCapacity(long.MaxValue / 2048, long.MaxValue / 2048, 99999.9), int.MaxValue);

        var tags = TagSummary.Build(summary);

        Assert.InRange(TagSummary.EncodedSize(tags), 1, TagSummary.MaxTagBytes / 2);
    }

    [Fact]
    public void TagsRoundTripWithRoundedCapacity()
    {
        var capacity = TagSummary.Round(new SpareCapacity(500L * 1024 * 1024 + 12345, 10L * 1024 * 1024 * 1024 + 999, 0.4567));
        var summary = new NodeSummary("0.1.0", Id, "guifi bcn", "00000000000000ff", 3, capacity, 4242);

        var parsed = TagSummary.TryParse(TagSummary.Build(summary), out var error);

        Assert.Equal("", error);
        Assert.Equal(summary, parsed);
        Assert.Equal(new SpareCapacity(496L * 1024 * 1024, 10L * 1024 * 1024 * 1024, 0.5), capacity);
    }

    [Fact]
    public void MembersWithoutNodeAgentTagsAreNotAgentsAndBadTagsAreRefused()
    {
        var good = TagSummary.Build(new NodeSummary("0.1.0", Id, "", "00000000000000ff", 3, null));

        Assert.Null(TagSummary.TryParse(new Dictionary<string, string> { ["role"] = "web" }, out var none));
        Assert.Equal("", none);
        foreach (var (tag, value) in new[] { ("id", "xyz"), ("d", "short"), ("n", "10000"), ("n", "-1"), ("c", "\u0000bad"), ("na", "<script>"), ("r", "1,2,3,4"), ("g", "0"), ("g", "12a") })
        {
            var tags = new Dictionary<string, string>(good) { [tag] = value };
            Assert.Null(TagSummary.TryParse(tags, out var error));
            Assert.Contains($"tag {tag}", error, StringComparison.Ordinal);
        }
    }
}
