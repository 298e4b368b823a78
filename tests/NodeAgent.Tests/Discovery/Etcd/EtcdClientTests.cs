using System.Diagnostics;
using System.Text;
using NodeAgent.Discovery.Etcd;
using NodeAgent.Net;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>The client against one real etcd 3.4 member: keys, put-if-absent, leases and their expiry, watches.</summary>
[Trait("Category", "Etcd")]
public sealed class EtcdClientTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(10);
    private readonly string _prefix = $"/nodeagent-test/{Guid.NewGuid():N}/";

    private EtcdClient Connect() => new([fixture.Member.ClientUrl]);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public async Task PutRangeAndDeleteStayInsideThePrefix()
    {
        using var client = Connect();
        // '/' + 1 is '0': a sibling that a sloppy range_end would include.
        var sibling = _prefix[..^1] + "0";
        await client.PutAsync(sibling, Bytes("outside"));
        var r1 = await client.PutAsync(_prefix + "b", Bytes("2"));
        var r2 = await client.PutAsync(_prefix + "a", Bytes("1"));
        var r3 = await client.PutAsync(_prefix + "a", Bytes("1 again"));
        await client.PutAsync(_prefix + "empty", ReadOnlyMemory<byte>.Empty);

        var range = await client.RangeAsync(_prefix);
        var limited = await client.RangeAsync(_prefix, limit: 1);
        var deleted = await client.DeleteRangeAsync(_prefix);
        var after = await client.RangeAsync(_prefix);
        var siblingLeft = await client.RangeAsync(sibling);

        Assert.True(r1 < r2 && r2 < r3);
        Assert.Equal([_prefix + "a", _prefix + "b", _prefix + "empty"], range.Items.Select(i => i.KeyText));
        Assert.Equal(["1 again", "2", ""], range.Items.Select(i => Text(i.Value)));
        var a = range.Items[0];
        Assert.Equal((r2, r3, 2L, 0L), (a.CreateRevision, a.ModRevision, a.Version, a.Lease));
        Assert.True(range.Revision >= r3);
        Assert.False(range.More);
        Assert.True(limited.More);
        Assert.Single(limited.Items);
        Assert.Equal(3, deleted);
        Assert.Empty(after.Items);
        Assert.Equal("outside", Text(Assert.Single(siblingLeft.Items).Value));
        await client.DeleteRangeAsync(sibling);
    }

    [Fact]
    public async Task PutIfAbsentWritesOnlyTheFirstTime()
    {
        using var client = Connect();

        var first = await client.PutIfAbsentAsync(_prefix + "claim", Bytes("mine"));
        var second = await client.PutIfAbsentAsync(_prefix + "claim", Bytes("theirs"));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("mine", Text(Assert.Single((await client.RangeAsync(_prefix)).Items).Value));
    }

    [Fact]
    public async Task KeepaliveKeepsALeasedKeyAndWithoutItTheKeyGoesAfterTheTtl()
    {
        using var client = Connect();
        var lease = await client.LeaseGrantAsync(TimeSpan.FromSeconds(2));
        await client.PutAsync(_prefix + "node", Bytes("up"), lease.Id);

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.Equal(TimeSpan.FromSeconds(2), await client.LeaseKeepAliveAsync(lease.Id));
        }
        var kept = await client.RangeAsync(_prefix);
        var stopped = Stopwatch.StartNew();
        while ((await client.RangeAsync(_prefix)).Items.Count > 0)
        {
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), "the key outlived its lease");
            await Task.Delay(100);
        }
        var renewedTooLate = await client.LeaseKeepAliveAsync(lease.Id);

        Assert.Equal(TimeSpan.FromSeconds(2), lease.Ttl);
        Assert.Equal(lease.Id, Assert.Single(kept.Items).Lease);
        Assert.InRange(stopped.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Null(renewedTooLate);
    }

    [Fact]
    public async Task RevokeDeletesAtOnceAndALostLeaseIsReportedAsSuch()
    {
        using var client = Connect();
        var lease = await client.LeaseGrantAsync(TimeSpan.FromSeconds(60));
        await client.PutAsync(_prefix + "a", Bytes("1"), lease.Id);
        await client.PutAsync(_prefix + "b", Bytes("2"), lease.Id);

        var revoked = await client.LeaseRevokeAsync(lease.Id);
        var left = await client.RangeAsync(_prefix);
        var again = await client.LeaseRevokeAsync(lease.Id);
        var putOnLost = await Assert.ThrowsAsync<EtcdException>(() => client.PutAsync(_prefix + "c", Bytes("3"), lease.Id));

        Assert.True(revoked);
        Assert.Empty(left.Items);
        Assert.False(again);
        Assert.True(putOnLost.IsLeaseNotFound);
        Assert.Equal(5, putOnLost.GrpcCode);
        Assert.Equal(
            $"etcd at {fixture.Member.ClientUrl} refused `/v3/kv/put`: etcdserver: requested lease not found (gRPC code 5); " +
            "the lease expired or was revoked: grant a new one and put again",
            putOnLost.Message);
    }

    [Fact]
    public async Task WatchSeesPutsAndDeletesInOrderIncludingALeaseExpiry()
    {
        using var client = Connect();
        using var watch = await client.WatchAsync(_prefix);
        var start = watch.Revision;
        var lease = await client.LeaseGrantAsync(TimeSpan.FromSeconds(2));

        var ra = await client.PutAsync(_prefix + "a", Bytes("1"));
        var rb = await client.PutAsync(_prefix + "b", Bytes("2"), lease.Id);
        await client.PutAsync(_prefix[..^1] + "0", Bytes("outside, not seen"));
        var rd = await client.DeleteRangeAsync(_prefix + "a");
        using var timeout = new CancellationTokenSource(EventWait);
        var events = new List<EtcdWatchEvent>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(await watch.ReadAsync(timeout.Token));
        }

        Assert.Equal(
            [(EtcdWatchEventKind.Put, "a", "1"), (EtcdWatchEventKind.Put, "b", "2"), (EtcdWatchEventKind.Delete, "a", ""), (EtcdWatchEventKind.Delete, "b", "")],
            events.Select(e => (e.Kind, e.KeyText[_prefix.Length..], Text(e.Value))));
        Assert.Equal(ra, events[0].Revision);
        Assert.Equal(rb, events[1].Revision);
        Assert.Equal(lease.Id, events[1].Lease);
        Assert.True(events[3].Revision > events[2].Revision);
        Assert.True(start < ra);
        Assert.Equal(events[3].Revision + 1, watch.NextRevision);
        Assert.Equal(1, rd);
        await client.DeleteRangeAsync(_prefix[..^1] + "0");
    }

    [Fact]
    public async Task AWatchFromAnEarlierRevisionReplaysWhatHappenedSince()
    {
        using var client = Connect();
        var first = await client.PutAsync(_prefix + "x", Bytes("1"));
        await client.PutAsync(_prefix + "x", Bytes("2"));
        await client.DeleteRangeAsync(_prefix);

        using var watch = await client.WatchAsync(_prefix, first);
        using var timeout = new CancellationTokenSource(EventWait);
        var replay = new[] { await watch.ReadAsync(timeout.Token), await watch.ReadAsync(timeout.Token), await watch.ReadAsync(timeout.Token) };

        Assert.Equal([EtcdWatchEventKind.Put, EtcdWatchEventKind.Put, EtcdWatchEventKind.Delete], replay.Select(e => e.Kind));
        Assert.Equal(["1", "2", ""], replay.Select(e => Text(e.Value)));
        Assert.Equal(first, replay[0].Revision);
    }

    [Fact]
    public async Task AWatchFromACompactedRevisionIsCancelledWithTheOldestRevisionKept()
    {
        using var client = Connect();
        var old = await client.PutAsync(_prefix + "x", Bytes("1"));
        var now = await client.PutAsync(_prefix + "x", Bytes("2"));
        using (var http = new Http1Client(Http1Endpoint.Parse(fixture.Member.ClientUrl)))
        {
            var compacted = await http.SendAsync("POST", "/v3/kv/compaction", Bytes($"{{\"revision\":\"{now}\",\"physical\":true}}"), "application/json");
            Assert.True(compacted.IsSuccess, Text(compacted.Body));
        }

        var error = await Assert.ThrowsAsync<EtcdException>(async () =>
        {
            using var watch = await client.WatchAsync(_prefix, old);
            using var timeout = new CancellationTokenSource(EventWait);
            await watch.ReadAsync(timeout.Token);
        });

        Assert.Equal(now, error.CompactRevision);
        Assert.Contains($"revision {old} is compacted (the oldest kept is {now}); range the prefix again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisposedWatchSaysSoAndTheMemberKeepsServing()
    {
        using var client = Connect();
        var watch = await client.WatchAsync(_prefix);

        watch.Dispose();
        var error = await Assert.ThrowsAsync<EtcdException>(async () => await watch.ReadAsync());
        await client.PutAsync(_prefix + "after", Bytes("1"));

        Assert.Equal($"the watch on '{_prefix}' at {fixture.Member.ClientUrl} was closed by this client (disposed)", error.Message);
    }

    [Fact]
    public async Task StatusNamesTheLeaderOfAOneMemberCluster()
    {
        using var client = Connect();

        var status = await client.StatusAsync(0);

        Assert.True(status.IsLeader);
        Assert.StartsWith("3.", status.Version, StringComparison.Ordinal);
        Assert.True(status.Revision > 0);
    }
}
