using System.Diagnostics;
using NodeAgent.Discovery.Serf;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>Agents that come and go: events through a stream, a dying agent, join and leave.</summary>
[Trait("Category", "Serf")]
public sealed class SerfMembershipTests
{
    [Fact]
    public async Task StreamShowsAnAgentJoiningAndThenFailingWhenKilled()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "mb");
        await using var client = await cluster.ConnectAsync(0);
        await using var stream = await client.StreamAsync("member-join,member-failed");

        var newcomer = await SerfAgentProcess.StartAsync("mb-new", join: cluster[0].GossipAddress, tags: new Dictionary<string, string> { ["role"] = "late" });
        await using (newcomer)
        {
            var joined = await SerfClusterTests.NextAsync<SerfMemberEvent>(stream, e => e.Kind == SerfMemberEventKind.Join && e.Members.Any(m => m.Name == "mb-new"));
            var member = Assert.Single(joined.Members, m => m.Name == "mb-new");
            Assert.Equal(newcomer.Address, member.Address);
            Assert.Equal("late", member.Tags["role"]);

            var clock = Stopwatch.StartNew();
            await newcomer.StopAsync();
            var failed = await SerfClusterTests.NextAsync<SerfMemberEvent>(stream, e => e.Kind == SerfMemberEventKind.Failed);

            Assert.Equal("mb-new", Assert.Single(failed.Members).Name);
            Assert.Equal(SerfMemberStatus.Failed, failed.Members[0].Status);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task KilledAgentFailsPendingCallsAndStreamsAndCompletesClosed()
    {
        var agent = await SerfAgentProcess.StartAsync("solo");
        await using (agent)
        {
            await using var client = await SerfRpcClient.ConnectAsync(agent.RpcEndpoint);
            await using var stream = await client.StreamAsync("*");
            var pendingRead = stream.ReadAsync().AsTask();

            await agent.StopAsync();
            var reason = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
            var streamError = await Assert.ThrowsAsync<SerfException>(() => pendingRead.WaitAsync(TimeSpan.FromSeconds(5)));
            var callError = await Assert.ThrowsAsync<SerfException>(() => client.MembersAsync());

            Assert.StartsWith($"the Serf agent at {agent.RpcEndpoint} closed the connection", reason.Message, StringComparison.Ordinal);
            Assert.Equal(reason.Message, streamError.Message);
            Assert.Equal(reason.Message, callError.Message);
        }
    }

    [Fact]
    public async Task ConnectWithoutAnAgentSaysWhereAndWhatToStart()
    {
        var address = SerfAgentProcess.NextAddress();
        var port = FreeTcpPort(address);

        var error = await Assert.ThrowsAsync<SerfException>(() => SerfRpcClient.ConnectAsync(new System.Net.IPEndPoint(address, port)));

        Assert.Equal($"no Serf agent is listening at {address}:{port} (connection refused); is `serf agent` running with -rpc-addr={address}:{port}?", error.Message);
    }

    [Fact]
    public async Task JoinBringsALoneAgentInAndLeaveShutsItDown()
    {
        await using var cluster = await SerfCluster.StartAsync(2, "jn");
        var loner = await SerfAgentProcess.StartAsync("jn-loner");
        await using (loner)
        {
            await using var client = await SerfRpcClient.ConnectAsync(loner.RpcEndpoint);

            var joined = await client.JoinAsync([cluster[1].GossipAddress]);
            var members = await client.MembersAsync();
            var refused = await Assert.ThrowsAsync<SerfException>(() => client.JoinAsync([$"{SerfAgentProcess.NextAddress()}:1"]));
            await client.LeaveAsync();
            var closed = await client.Closed.WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(1, joined);
            Assert.Contains(members, m => m.Name == "jn-0");
            Assert.NotNull(refused.AgentError);
            Assert.Contains("closed the connection", closed.Message, StringComparison.Ordinal);
            await using var survivor = await cluster.ConnectAsync(0);
            var deadline = Stopwatch.StartNew();
            while ((await survivor.MembersAsync()).Single(m => m.Name == "jn-loner").Status != SerfMemberStatus.Left)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the loner never showed as left");
                await Task.Delay(50);
            }
        }
    }

    private static int FreeTcpPort(System.Net.IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
