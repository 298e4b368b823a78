using System.Diagnostics;
using System.Net;
using System.Text;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>The client against a real 3-agent Serf cluster: members, tags, user events, queries, limits.</summary>
[Trait("Category", "Serf")]
public sealed class SerfClusterTests(SerfClusterFixture fixture) : IClassFixture<SerfClusterFixture>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(10);
    private SerfCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task HandshakeThenMembersListsEveryAgentAlive()
    {
        await using var client = await Cluster.ConnectAsync(1);

        var members = await client.MembersAsync();

        Assert.Equal(["fx-0", "fx-1", "fx-2"], members.Select(m => m.Name).Order());
        foreach (var agent in Cluster.Agents)
        {
            var member = Assert.Single(members, m => m.Name == agent.Name);
            Assert.Equal(agent.Address, member.Address);
            Assert.Equal(agent.GossipPort, member.Port);
            Assert.Equal(SerfMemberStatus.Alive, member.Status);
            Assert.Equal("alive", member.StatusText);
            Assert.Equal($"node{agent.Name[^1]}", member.Tags["role"]);
            Assert.InRange(member.Protocol.Current, member.Protocol.Min, member.Protocol.Max);
            Assert.True(member.Protocol.Max >= 2);
            Assert.True(member.Delegate.Max >= 2);
        }
    }

    [Fact]
    public async Task MembersFilteredMatchesTagsAndNamesAsRegularExpressions()
    {
        await using var client = await Cluster.ConnectAsync(0);

        var byTag = await client.MembersFilteredAsync(new Dictionary<string, string> { ["role"] = "node[12]" });
        var byName = await client.MembersFilteredAsync(name: "fx-2", status: "alive");
        var none = await client.MembersFilteredAsync(status: "failed");

        Assert.Equal(["fx-1", "fx-2"], byTag.Select(m => m.Name).Order());
        Assert.Equal("fx-2", Assert.Single(byName).Name);
        Assert.Empty(none);
    }

    [Fact]
    public async Task StatsNameTheAgent()
    {
        await using var client = await Cluster.ConnectAsync(2);

        var stats = await client.StatsAsync();

        Assert.Equal("fx-2", stats["agent"]["name"]);
        Assert.Equal("3", stats["serf"]["members"]);
    }

    [Fact]
    public async Task TagsSetAndDeletedOnOneAgentAreSeenByTheOthers()
    {
        await using var a = await Cluster.ConnectAsync(0);
        await using var c = await Cluster.ConnectAsync(2);
        // Longer than 31 bytes: written as str8, which Go's codec must read back.
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("services"u8));

        await a.SetTagsAsync(new Dictionary<string, string> { ["svc"] = digest, ["ver"] = "1" });
        var set = await WaitForAsync(c, m => m.Name == "fx-0" && m.Tags.GetValueOrDefault("svc") == digest);
        await a.SetTagsAsync(new Dictionary<string, string>(), delete: ["svc", "ver"]);
        var deleted = await WaitForAsync(c, m => m.Name == "fx-0" && !m.Tags.ContainsKey("svc"));

        Assert.Equal("1", set.Tags["ver"]);
        Assert.Equal("node0", set.Tags["role"]);
        Assert.False(deleted.Tags.ContainsKey("ver"));
        Assert.Equal("node0", deleted.Tags["role"]);
    }

    [Fact]
    public async Task UserEventCarriesABinaryPayloadToAnotherAgent()
    {
        await using var sender = await Cluster.ConnectAsync(0);
        await using var receiver = await Cluster.ConnectAsync(1);
        await using var stream = await receiver.StreamAsync("user:na-test");
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await sender.UserEventAsync("na-test", payload, coalesce: false);
        var received = await NextAsync<SerfUserEvent>(stream, e => e.Name == "na-test");

        Assert.Equal(payload, received.Payload);
        Assert.False(received.Coalesce);
        Assert.True(received.LamportTime > 0);
    }

    [Fact]
    public async Task QueryFromOneAgentIsAnsweredByRespondersOnTwoOthers()
    {
        await using var asker = await Cluster.ConnectAsync(0);
        await using var b = await Cluster.ConnectAsync(1);
        await using var c = await Cluster.ConnectAsync(2);
        using var stop = new CancellationTokenSource();
        var responders = new[] { Respond(b, "fx-1", stop.Token), Respond(c, "fx-2", stop.Token) };
        await Task.WhenAll(responders.Select(r => r.Ready));

        var records = new List<SerfQueryRecord>();
        var clock = Stopwatch.StartNew();
        await foreach (var record in asker.QueryAsync("na-services", "who"u8.ToArray(), new SerfQueryOptions { Timeout = TimeSpan.FromSeconds(1.5), RequestAck = true }))
        {
            records.Add(record);
        }
        await stop.CancelAsync();
        await Task.WhenAll(responders.Select(r => r.Done));

        var responses = records.Where(r => r.Kind == SerfQueryRecordKind.Response).ToList();
        Assert.Equal(["fx-1", "fx-2"], responses.Select(r => r.From).Order());
        Assert.All(responses, r => Assert.Equal($"services of {r.From}", Encoding.UTF8.GetString(r.Payload)));
        // Every agent acks, including the asker's own, which has no responder.
        Assert.Equal(["fx-0", "fx-1", "fx-2"], records.Where(r => r.Kind == SerfQueryRecordKind.Ack).Select(r => r.From).Order());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task QueryFilteredToOneNodeReachesOnlyThatNode()
    {
        await using var asker = await Cluster.ConnectAsync(0);
        await using var b = await Cluster.ConnectAsync(1);
        await using var c = await Cluster.ConnectAsync(2);
        using var stop = new CancellationTokenSource();
        var responders = new[] { Respond(b, "fx-1", stop.Token), Respond(c, "fx-2", stop.Token) };
        await Task.WhenAll(responders.Select(r => r.Ready));

        var records = new List<SerfQueryRecord>();
        await foreach (var record in asker.QueryAsync("na-services", default, new SerfQueryOptions { Timeout = TimeSpan.FromSeconds(1), FilterNodes = ["fx-2"] }))
        {
            records.Add(record);
        }
        await stop.CancelAsync();
        await Task.WhenAll(responders.Select(r => r.Done));

        Assert.Equal("fx-2", Assert.Single(records).From);
    }

    [Fact]
    public async Task QueryAndAnswerNearTheOneKilobyteLimitPassAndAboveItTheAgentRefuses()
    {
        await using var asker = await Cluster.ConnectAsync(0);
        await using var responder = await Cluster.ConnectAsync(1);
        await using var stream = await responder.StreamAsync("query:na-echo");
        var echo = Task.Run(async () =>
        {
            var query = await NextAsync<SerfQueryEvent>(stream, q => q.Name == "na-echo");
            await responder.RespondAsync(query.Id, query.Payload);
            var over = await Assert.ThrowsAsync<SerfException>(() => responder.RespondAsync(query.Id, new byte[1100]));
            return (query, over);
        });

        // Serf's default limits are 1024 bytes for the encoded query and for the encoded answer. The
        // envelope (name, node, filters, ids) takes some of that: walk down from 1024 to the first size
        // the agent takes; every larger one must be refused by the agent, not lost.
        var options = new SerfQueryOptions { Timeout = TimeSpan.FromSeconds(1), FilterNodes = ["fx-1"] };
        byte[]? near = null;
        var refusals = new List<SerfException>();
        var answers = new List<SerfQueryRecord>();
        for (var size = 1024; near is null && size > 0; size -= 8)
        {
            var payload = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
            try
            {
                await foreach (var record in asker.QueryAsync("na-echo", payload, options))
                {
                    answers.Add(record);
                }
                near = payload;
            }
            catch (SerfException e) when (e.AgentError is not null)
            {
                refusals.Add(e);
            }
        }
        var (received, refused) = await echo;

        Assert.NotNull(near);
        // Measured with Serf 0.9.4: 896 bytes is the largest multiple of 8 that fits with this name and filter.
        Assert.InRange(near.Length, 850, 1016);
        Assert.NotEmpty(refusals);
        Assert.All(refusals, e => Assert.Equal("query exceeds limit of 1024 bytes", e.AgentError));
        Assert.Contains($"the Serf agent at {Cluster[0].RpcEndpoint} refused `query`", refusals[0].Message, StringComparison.Ordinal);
        Assert.Equal(near, received.Payload);
        Assert.Equal(near, Assert.Single(answers).Payload);
        Assert.Contains("limit", refused.AgentError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownCommandFailsTheCallAndTheClosedConnectionFailsTheNextOnesWithoutHanging()
    {
        var client = await Cluster.ConnectAsync(2);
        await using (client)
        {
            await using var stream = await client.StreamAsync("user:never");
            var clock = Stopwatch.StartNew();

            var refused = await Assert.ThrowsAsync<SerfException>(() => client.CallAsync("no-such-command", null, CancellationToken.None));
            var reason = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
            var next = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());
            var streamEnd = await Assert.ThrowsAsync<SerfException>(async () => await stream.ReadAsync());

            Assert.Equal("Unsupported command", refused.AgentError);
            Assert.Contains($"the Serf agent at {Cluster[2].RpcEndpoint} closed the connection", reason.Message, StringComparison.Ordinal);
            Assert.Contains("is `serf agent` running", reason.Message, StringComparison.Ordinal);
            Assert.Equal(reason.Message, next.Message);
            Assert.Equal(reason.Message, streamEnd.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        }
        // The agent itself is fine: a new client works.
        await using var again = await Cluster.ConnectAsync(2);
        Assert.Equal(3, (await again.MembersAsync()).Count);
    }

    [Fact]
    public async Task InvalidStreamFilterIsRefusedAndTheConnectionStaysUsable()
    {
        await using var client = await Cluster.ConnectAsync(0);

        var refused = await Assert.ThrowsAsync<SerfException>(() => client.StreamAsync("not-an-event"));

        Assert.Equal("Invalid event filter", refused.AgentError);
        Assert.Equal(3, (await client.MembersAsync()).Count);
    }

    private static async Task<SerfMember> WaitForAsync(SerfRpcClient client, Func<SerfMember, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Converge)
        {
            if ((await client.MembersAsync()).FirstOrDefault(condition) is { } member)
            {
                return member;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the members never matched");
    }

    internal static async Task<T> NextAsync<T>(SerfEventStream stream, Func<T, bool> match)
        where T : SerfEvent
    {
        using var timeout = new CancellationTokenSource(Converge);
        await foreach (var e in stream.ReadAllAsync(timeout.Token))
        {
            if (e is T typed && match(typed))
            {
                return typed;
            }
        }
        throw new InvalidOperationException("the stream ended");
    }

    /// <summary>Answers every "na-services" query it streams with "services of NAME" until stopped.</summary>
    private static (Task Ready, Task Done) Respond(SerfRpcClient client, string name, CancellationToken stop)
    {
        var ready = new TaskCompletionSource();
        var done = Task.Run(async () =>
        {
            SerfEventStream stream;
            try
            {
                stream = await client.StreamAsync("query:na-services");
            }
            catch (SerfException e)
            {
                ready.SetException(e);
                throw;
            }
            await using var _ = stream;
            ready.SetResult();
            try
            {
                await foreach (var e in stream.ReadAllAsync(stop))
                {
                    if (e is SerfQueryEvent query)
                    {
                        await client.RespondAsync(query.Id, Encoding.UTF8.GetBytes($"services of {name}"));
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The test has its answers.
            }
        }, CancellationToken.None);
        return (ready.Task, done);
    }
}
