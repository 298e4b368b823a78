using System.Net;
using System.Text;
using NodeAgent.Discovery.Serf;
using static NodeAgent.Tests.Discovery.Serf.TestMsgPack;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>What a real agent never sends, from a scripted fake: each bad reply fails its own call only,
/// and a stream that cannot be followed any more closes the connection with a reason, never a hang.</summary>
public sealed class SerfRpcClientFakeAgentTests
{
    private static readonly byte[] Loopback = [127, 0, 0, 9];

    [Fact]
    public async Task MalformedMembersReplyFailsThatCallAndTheNextCallWorks()
    {
        var replies = new Queue<object?>([Map(("Members", "not a list")), Map(("Members", new object?[] { Member("n1", Loopback) }))]);
        await using var fake = FakeSerfAgent.Start((f, command, seq) => f.SendAsync(Header(seq), replies.Dequeue()));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());
        var members = await client.MembersAsync();

        Assert.StartsWith($"the Serf agent at {fake.Endpoint} sent a malformed reply to `members`: Members must be an array", error.Message, StringComparison.Ordinal);
        var member = Assert.Single(members);
        Assert.Equal(IPAddress.Parse("127.0.0.9"), member.Address);
        Assert.Equal(new SerfProtocolVersions(1, 5, 2), member.Protocol);
        Assert.Equal(new SerfProtocolVersions(2, 5, 4), member.Delegate);
        Assert.False(client.Closed.IsCompleted);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, "a member address of 7 bytes")]
    [InlineData(new byte[0], "a member address of 0 bytes")]
    public async Task MemberWithABadAddressIsRejected(byte[] addr, string expected)
    {
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendAsync(Header(seq), Map(("Members", new object?[] { Member("n1", addr) }))));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappedIpv4AndIpv6AddressesAreRead()
    {
        var mapped = IPAddress.Parse("::ffff:10.1.2.3").GetAddressBytes();
        var v6 = IPAddress.Parse("fd00::7").GetAddressBytes();
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendAsync(Header(seq), Map(("Members", new object?[] { Member("a", mapped), Member("b", v6) }))));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var members = await client.MembersAsync();

        Assert.Equal(IPAddress.Parse("10.1.2.3"), members[0].Address);
        Assert.Equal(IPAddress.Parse("fd00::7"), members[1].Address);
    }

    [Fact]
    public async Task MoreMembersThanTheLimitAreRejected()
    {
        var three = Enumerable.Range(0, 3).Select(i => (object?)Member($"n{i}", Loopback)).ToArray();
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendAsync(Header(seq), Map(("Members", three))));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint, options: new SerfClientOptions { MaxMembers = 2 });

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());

        Assert.Contains("3 members, more than the limit of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyToARequestNeverSentClosesTheConnectionWithAReason()
    {
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendAsync(Header(seq + 1000)));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());
        var reason = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains("a reply for request 1001, which this client never sent", error.Message, StringComparison.Ordinal);
        Assert.Equal(reason.Message, error.Message);
    }

    [Fact]
    public async Task SomethingElseOnThePortIsNotTakenForSerf()
    {
        await using var fake = FakeSerfAgent.StartSpeaking("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<SerfException>(() => SerfRpcClient.ConnectAsync(fake.Endpoint));

        Assert.Contains($"the Serf agent at {fake.Endpoint} sent data this client cannot read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Is a Serf agent (not another service) listening", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xc6, 0xff, 0xff, 0xff, 0xff }, "larger than the 4194304-byte limit")] // bin32 of 4 GB
    [InlineData(new byte[] { 0xdf, 0x7f, 0xff, 0xff, 0xff }, "declares 4294967294 elements")] // map32 of 2^31 entries
    [InlineData(new byte[] { 0x82, 0xa3, 0x53, 0x65 }, "the stream ended 4 bytes into a msgpack object")] // truncated map, then hang-up
    [InlineData(new byte[] { 0xc1 }, "0xc1 is never used")]
    public async Task HostileBytesCloseTheConnectionAtOnceWithTheReason(byte[] hostile, string expected)
    {
        await using var fake = FakeSerfAgent.Start(async (f, _, _) =>
        {
            await f.SendRawAsync(hostile);
            if (hostile[0] == 0x82)
            {
                f.Disconnect();
            }
        });
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        // The fake never sends the 4 GB it announced: the client must not wait for them.
        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task DeepNestingIsRejected()
    {
        var deep = Enumerable.Repeat((byte)0x91, 100_000).ToArray();
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendRawAsync(deep));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains("nesting deeper than 16 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRefusalCarriesTheAgentsWords()
    {
        await using var fake = FakeSerfAgent.Start((f, _, seq) => f.SendAsync(Header(seq, "Authentication required")));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.JoinAsync(["10.0.0.1:7946"]));

        Assert.Equal("Authentication required", error.AgentError);
        Assert.Contains("requires an RPC auth key (`-rpc-auth`)", error.Message, StringComparison.Ordinal);
        // No body follows that refusal, even for join: the connection is still in step.
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task JoinErrorComesWithItsBodyAndStaysInStep()
    {
        await using var fake = FakeSerfAgent.Start((f, command, seq) => command == "join"
            ? f.SendAsync(Header(seq, "1 error(s) occurred"), Map(("Num", 0)))
            : f.SendAsync(Header(seq), Map(("Members", new object?[] { Member("n1", Loopback) }))));
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var error = await Assert.ThrowsAsync<SerfException>(() => client.JoinAsync(["10.0.0.1:7946"]));
        var members = await client.MembersAsync();

        Assert.Equal("1 error(s) occurred", error.AgentError);
        Assert.Single(members);
    }

    [Fact]
    public async Task MalformedStreamRecordIsSkippedAndTheStreamGoesOn()
    {
        await using var fake = FakeSerfAgent.Start(async (f, command, seq) =>
        {
            if (command != "stream")
            {
                await f.SendAsync(Header(seq));
                return;
            }
            await f.SendAsync(
                Header(seq),
                Header(seq), Map(("Event", "user"), ("Name", "big"), ("Payload", new byte[200]), ("LTime", 1)),
                Header(seq), Map(("Event", "no-such-event")),
                Header(seq), Map(("Event", "user"), ("Name", "ok"), ("Payload", "hi"u8.ToArray()), ("LTime", 2), ("Coalesce", true)));
        });
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint, options: new SerfClientOptions { MaxPayloadBytes = 100 });
        await using var stream = await client.StreamAsync("*");

        var first = await stream.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        var user = Assert.IsType<SerfUserEvent>(first);
        Assert.Equal(("ok", "hi", 2UL, true), (user.Name, Encoding.UTF8.GetString(user.Payload), user.LamportTime, user.Coalesce));
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task StreamReaderThatFallsBehindGetsAnErrorAndTheStreamIsStopped()
    {
        var stopped = new TaskCompletionSource();
        await using var fake = FakeSerfAgent.Start(async (f, command, seq) =>
        {
            if (command == "stop")
            {
                await f.SendAsync(Header(seq));
                stopped.TrySetResult();
                return;
            }
            await f.SendAsync(Header(seq));
            for (var i = 0; i < 10; i++)
            {
                await f.SendAsync(Header(seq), Map(("Event", "user"), ("Name", $"e{i}"), ("Payload", Array.Empty<byte>()), ("LTime", i + 1)));
            }
        });
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint, options: new SerfClientOptions { MaxStreamBacklog = 4 });
        await using var stream = await client.StreamAsync("user");
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var buffered = new List<string>();
        var error = await Assert.ThrowsAsync<SerfException>(async () =>
        {
            await foreach (var e in stream.ReadAllAsync())
            {
                buffered.Add(((SerfUserEvent)e).Name);
            }
        });

        Assert.Equal(["e0", "e1", "e2", "e3"], buffered);
        Assert.Contains("fell behind: 4 events were not read", error.Message, StringComparison.Ordinal);
        Assert.Contains("stop", fake.Commands);
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task QueryRecordsArriveUntilDoneWhileOtherRepliesInterleave()
    {
        await using var fake = FakeSerfAgent.Start(async (f, command, seq) =>
        {
            if (command != "query")
            {
                await f.SendAsync(Header(seq), Map(("Members", Array.Empty<object?>())));
                return;
            }
            await f.SendAsync(Header(seq), Header(seq), Map(("Type", "ack"), ("From", "b")), Header(seq), Map(("Type", "response"), ("From", "b"), ("Payload", new byte[] { 1, 2 })));
            // A reply to another request lands between two records of the query.
            await Task.Delay(200);
            await f.SendAsync(Header(seq), Map(("Type", "response"), ("From", "c"), ("Payload", null)), Header(seq), Map(("Type", "done")));
        });
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint);

        var records = new List<SerfQueryRecord>();
        await foreach (var r in client.QueryAsync("q", "x"u8.ToArray()))
        {
            records.Add(r);
            if (records.Count == 2)
            {
                Assert.Empty(await client.MembersAsync());
            }
        }

        Assert.Equal([SerfQueryRecordKind.Ack, SerfQueryRecordKind.Response, SerfQueryRecordKind.Response], records.Select(r => r.Kind));
        Assert.Equal(new byte[] { 1, 2 }, records[1].Payload);
        Assert.Equal("c", records[2].From);
        Assert.Empty(records[2].Payload);
    }

    [Fact]
    public async Task UnansweredRequestTimesOutWithAMessageThatSaysWhatToCheck()
    {
        await using var fake = FakeSerfAgent.Start((_, _, _) => Task.CompletedTask);
        await using var client = await SerfRpcClient.ConnectAsync(fake.Endpoint, options: new SerfClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());

        Assert.Equal($"the Serf agent at {fake.Endpoint} did not answer `members` within 0.3 s; is it overloaded or stuck? (`serf members -rpc-addr={fake.Endpoint}` tells)", error.Message);
    }
}
