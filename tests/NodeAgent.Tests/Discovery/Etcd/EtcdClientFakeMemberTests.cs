using System.Text;
using NodeAgent.Discovery.Etcd;
using NodeAgent.Tests.Net;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>What a real etcd never sends, from a scripted member: each bad answer fails its own call with a reason.</summary>
public sealed class EtcdClientFakeMemberTests
{
    private const string Header = "{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"7\",\"raft_term\":\"2\"}";

    private static string Json(string body, int status = 200) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private static string Chunked(params string[] lines) =>
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
        string.Concat(lines.Select(l => $"{Encoding.UTF8.GetByteCount(l) + 1:x}\r\n{l}\n\r\n"));

    /// <summary>A whole chunked answer: the lines, then the last chunk (as keepalive answers end).</summary>
    private static string Finished(params string[] lines) => Chunked(lines) + "0\r\n\r\n";

    /// <summary>A member that answers each request with the next of <paramref name="answers"/>; requests are recorded.</summary>
    private static ScriptedHttpServer Member(List<ScriptedRequest> seen, params string[] answers)
    {
        var queue = new Queue<string>(answers);
        return ScriptedHttpServer.Start(async c =>
        {
            while (await c.ReadRequestAsync() is { } request)
            {
                string answer;
                lock (queue)
                {
                    seen.Add(request);
                    answer = queue.Dequeue();
                }
                await c.SendAsync(answer);
            }
        });
    }

    private static ScriptedHttpServer Member(params string[] answers) => Member([], answers);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("{}", "no header")]
    [InlineData("{\"header\":{\"revision\":\"0\"}}", "a header with revision 0")]
    [InlineData("{\"header\":{\"revision\":\"x7\"}}", "The JSON value could not be converted")]
    [InlineData("[1,2]", "The JSON value could not be converted")]
    [InlineData("null", "null instead of an object")]
    [InlineData("{\"header\":" + Header + ",\"kvs\":[{\"key\":\"not base64!\",\"mod_revision\":\"3\"}]}", "The JSON value could not be converted")]
    [InlineData("{\"header\":" + Header + ",\"kvs\":[{\"key\":\"L290aGVyL2E=\",\"create_revision\":\"3\",\"mod_revision\":\"3\",\"version\":\"1\"}]}", "kvs[0]: key '/other/a' outside the prefix asked for")]
    [InlineData("{\"header\":" + Header + ",\"kvs\":[{\"key\":\"L3AvYQ==\",\"create_revision\":\"5\",\"mod_revision\":\"3\",\"version\":\"1\"}]}", "kvs[0]: create_revision 5, mod_revision 3, version 1 for a live key")]
    [InlineData("{\"header\":" + Header + ",\"kvs\":[null]}", "kvs[0]: no key-value")]
    public async Task AMalformedRangeFailsThatCallAndTheNextCallWorks(string body, string detail)
    {
        var good = "{\"header\":" + Header + ",\"kvs\":[{\"key\":\"" + B64("/p/a") + "\",\"create_revision\":\"3\",\"mod_revision\":\"4\",\"version\":\"2\",\"value\":\"" + B64("v") + "\"}],\"count\":\"1\"}";
        await using var member = Member(Json(body), Json(good));
        using var client = new EtcdClient([member.Url]);

        var error = await Assert.ThrowsAsync<EtcdException>(() => client.RangeAsync("/p/"));
        var range = await client.RangeAsync("/p/");

        Assert.StartsWith($"etcd at {member.Url} sent a malformed answer to `/v3/kv/range`: {detail}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; is that an etcd 3.4+ client URL, and the member healthy?", error.Message, StringComparison.Ordinal);
        var item = Assert.Single(range.Items);
        Assert.Equal(("/p/a", 3L, 4L, 2L), (item.KeyText, item.CreateRevision, item.ModRevision, item.Version));
        Assert.Equal(7, range.Revision);
    }

    [Fact]
    public async Task RequestsUseTheGatewaysJsonStringsAndBase64()
    {
        var seen = new List<ScriptedRequest>();
        await using var member = Member(seen,
            Json("{\"header\":" + Header + "}"),
            Json("{\"header\":" + Header + ",\"succeeded\":true}"),
            Json("{\"header\":" + Header + ",\"ID\":\"694d77aa9e38260f\",\"TTL\":\"5\"}".Replace("694d77aa9e38260f", "7587861231293867535", StringComparison.Ordinal)));
        using var client = new EtcdClient([member.Url]);

        await client.PutAsync("/p/a", "v"u8.ToArray(), lease: 9_000_000_000_000_000_000);
        await client.PutIfAbsentAsync("/p/b", "w"u8.ToArray());
        var lease = await client.LeaseGrantAsync(TimeSpan.FromSeconds(4.2));

        Assert.Equal("POST /v3/kv/put HTTP/1.1", seen[0].RequestLine);
        Assert.Equal("{\"key\":\"L3AvYQ==\",\"value\":\"dg==\",\"lease\":\"9000000000000000000\"}", seen[0].BodyText);
        Assert.Equal(
            "{\"compare\":[{\"key\":\"L3AvYg==\",\"target\":\"CREATE\",\"result\":\"EQUAL\",\"create_revision\":\"0\"}],\"success\":[{\"request_put\":{\"key\":\"L3AvYg==\",\"value\":\"dw==\"}}]}",
            seen[1].BodyText);
        Assert.Equal("{\"TTL\":\"5\"}", seen[2].BodyText);
        Assert.Equal(new EtcdLease(7587861231293867535, TimeSpan.FromSeconds(5)), lease);
    }

    [Theory]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"ID\":\"99\",\"TTL\":\"5\"}}", "lease ID 99 for 42")]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"ID\":\"42\",\"TTL\":\"-1\"}}", "TTL -1")]
    [InlineData("{\"result\":{\"ID\":\"42\",\"TTL\":\"5\"}}", "no header")]
    [InlineData("{\"nothing\":true}", "neither result nor error")]
    public async Task KeepaliveAnswersAreChecked(string line, string detail)
    {
        await using var member = Member(Finished(line));
        using var client = new EtcdClient([member.Url]);

        var error = await Assert.ThrowsAsync<EtcdException>(() => client.LeaseKeepAliveAsync(42));

        Assert.StartsWith($"etcd at {member.Url} sent a malformed answer to `/v3/lease/keepalive`: {detail}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepaliveReadsTheRenewedTtlAndAMissingTtlAsALostLease()
    {
        await using var member = Member(
            Finished("{\"result\":{\"header\":" + Header + ",\"ID\":\"42\",\"TTL\":\"5\"}}"),
            Finished("{\"result\":{\"header\":" + Header + ",\"ID\":\"42\"}}"));
        using var client = new EtcdClient([member.Url]);

        Assert.Equal(TimeSpan.FromSeconds(5), await client.LeaseKeepAliveAsync(42));
        Assert.Null(await client.LeaseKeepAliveAsync(42));
    }

    [Fact]
    public async Task AStreamErrorOnKeepaliveIsARefusalWithEtcdsText()
    {
        await using var member = Member(Finished("{\"error\":{\"grpc_code\":14,\"http_code\":503,\"message\":\"etcdserver: no leader\",\"http_status\":\"Service Unavailable\"}}"));
        using var client = new EtcdClient([member.Url]);

        var error = await Assert.ThrowsAsync<EtcdException>(() => client.LeaseKeepAliveAsync(5));

        Assert.Equal($"etcd at {member.Url} refused to renew lease 5: etcdserver: no leader", error.Message);
        Assert.Equal("etcdserver: no leader", error.EtcdError);
    }

    [Fact]
    public async Task UnavailableMovesOnToTheNextMemberAndOtherRefusalsDoNot()
    {
        var unavailable = Json("{\"error\":\"etcdserver: leader changed\",\"message\":\"etcdserver: leader changed\",\"code\":14}", 503);
        var invalid = Json("{\"error\":\"etcdserver: key is not provided\",\"message\":\"etcdserver: key is not provided\",\"code\":3}", 400);
        await using var first = Member(unavailable, invalid);
        await using var second = Member(Json("{\"header\":" + Header + "}"));
        using var client = new EtcdClient([first.Url, second.Url]);

        var revision = await client.PutAsync("/p/a", "1"u8.ToArray());
        // The client now prefers the second member; the refusal below comes from the first, asked directly.
        var refused = await Assert.ThrowsAsync<EtcdException>(() => client.StatusAsync(0));

        Assert.Equal(7, revision);
        Assert.Equal(second.Url, client.CurrentEndpoint.ToString());
        Assert.Equal(3, refused.GrpcCode);
        Assert.Equal($"etcd at {first.Url} refused `/v3/maintenance/status`: etcdserver: key is not provided (gRPC code 3)", refused.Message);
    }

    [Fact]
    public async Task SomethingThatIsNotEtcdIsNamedAsSuch()
    {
        await using var member = Member(Json("<html>not found</html>", 404));
        using var client = new EtcdClient([member.Url]);

        var error = await Assert.ThrowsAsync<EtcdException>(() => client.DeleteRangeAsync("/p/"));

        Assert.Equal(
            $"etcd at {member.Url} answered `/v3/kv/deleterange` with HTTP 404 X; is that an etcd 3.4+ client URL (the v3 gateway is on by default)?",
            error.Message);
    }

    [Theory]
    [InlineData("garbage", "'g' is an invalid start of a value")]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"events\":[{\"type\":\"EXPIRE\",\"kv\":{\"key\":\"L3AvYQ==\",\"mod_revision\":\"8\"}}]}}", "events[0] has type 'EXPIRE'")]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"events\":[{\"kv\":{\"key\":\"L3EvYQ==\",\"create_revision\":\"8\",\"mod_revision\":\"8\",\"version\":\"1\"}}]}}", "events[0]: key '/q/a' outside the prefix asked for")]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"events\":[{\"kv\":{\"key\":\"L3AvYQ==\",\"create_revision\":\"5\",\"mod_revision\":\"5\",\"version\":\"1\"}}]}}", "events[0] at revision 5 after revision 8")]
    [InlineData("{\"result\":{\"header\":" + Header + ",\"events\":[{\"type\":\"DELETE\"}]}}", "events[0]: no key-value")]
    [InlineData("{\"neither\":1}", "a line with neither result nor error")]
    public async Task AMalformedWatchLineEndsTheWatchWithWhereToResume(string line, string detail)
    {
        var created = "{\"result\":{\"header\":" + Header + ",\"created\":true}}";
        var good = "{\"result\":{\"header\":" + Header.Replace("\"7\"", "\"9\"", StringComparison.Ordinal) + ",\"events\":[{\"kv\":{\"key\":\"L3AvYQ==\",\"create_revision\":\"8\",\"mod_revision\":\"8\",\"version\":\"1\",\"value\":\"MQ==\"}}]}}";
        await using var member = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(Chunked(created, good, line));
            await c.WaitForCloseAsync();
        });
        using var client = new EtcdClient([member.Url]);
        using var watch = await client.WatchAsync("/p/");

        var first = await watch.ReadAsync();
        var error = await Assert.ThrowsAsync<EtcdException>(async () => await watch.ReadAsync());

        Assert.Equal((EtcdWatchEventKind.Put, "/p/a", 8L), (first.Kind, first.KeyText, first.Revision));
        Assert.StartsWith($"etcd at {member.Url} sent a malformed watch line for '/p/': {detail}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the watch is closed: watch again from revision 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWatchThatIsNotConfirmedFails()
    {
        await using var member = Member(Chunked("{\"result\":{\"header\":" + Header + "}}"));
        using var client = new EtcdClient([member.Url]);

        var error = await Assert.ThrowsAsync<EtcdException>(() => client.WatchAsync("/p/"));

        Assert.Contains("the first answer does not confirm the watch (created is not true)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/p/", "/p/", "/p0")]
    [InlineData("", "\0", "\0")]
    public void PrefixRangeIncrementsTheLastByte(string prefix, string key, string end)
    {
        var (k, e) = EtcdClient.PrefixRange(Encoding.UTF8.GetBytes(prefix));

        Assert.Equal(Encoding.UTF8.GetBytes(key), k);
        Assert.Equal(Encoding.UTF8.GetBytes(end), e);
    }

    [Fact]
    public void PrefixRangeDropsTrailingFfBytes()
    {
        var (key, end) = EtcdClient.PrefixRange([0x61, 0xFF, 0xFF]);
        var (allKey, allEnd) = EtcdClient.PrefixRange([0xFF]);

        Assert.Equal([0x61, 0xFF, 0xFF], key);
        Assert.Equal([0x62], end);
        Assert.Equal([0xFF], allKey);
        Assert.Equal([0], allEnd);
    }

    [Theory]
    [InlineData("https://127.0.0.1:2379")]
    [InlineData("unix:/run/etcd.sock")]
    [InlineData("127.0.0.1:2379")]
    public void UnusableUrlsAreRefusedWithWhatToWrite(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new EtcdClient([url]));

        Assert.Contains("write http://HOST:PORT, as in etcd's --advertise-client-urls", error.Message, StringComparison.Ordinal);
    }
}
