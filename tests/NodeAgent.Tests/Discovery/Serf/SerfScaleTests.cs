using System.Diagnostics;
using System.Globalization;
using NodeAgent.Discovery.Serf;
using Xunit.Abstractions;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>
/// 100 real Serf agents on loopback (≈15 MB each): how long until one agent's client lists all of them
/// alive, what one <c>members</c> call costs, and how fast one node's responder answers a query.
/// </summary>
[Trait("Category", "Scale")]
[Collection(SerfScaleGroup.Name)]
public sealed class SerfScaleTests(ITestOutputHelper output)
{
    private const int Agents = 100;

    [Fact]
    public async Task HundredAgentsAreAllListedAndOneNodeAnswersAQueryQuickly()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await SerfCluster.StartAsync(Agents, "sc", timeout: TimeSpan.FromSeconds(30), parallelism: 16, isolated: true);
        var allAlive = clock.Elapsed;

        await using var asker = await cluster.ConnectAsync(0);
        var members = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var call = Stopwatch.StartNew();
            var list = await asker.MembersAsync();
            members = call.Elapsed < members ? call.Elapsed : members;
            Assert.Equal(Agents, list.Count(m => m.Status == SerfMemberStatus.Alive));
        }

        var target = cluster[Agents - 1];
        await using var responder = await cluster.ConnectAsync(Agents - 1);
        await using var stream = await responder.StreamAsync("query:na-scale");
        var answering = Task.Run(async () =>
        {
            await foreach (var e in stream.ReadAllAsync())
            {
                if (e is SerfQueryEvent q)
                {
                    await responder.RespondAsync(q.Id, "here"u8.ToArray());
                }
            }
        });
        var firstAnswer = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var query = Stopwatch.StartNew();
            await foreach (var record in asker.QueryAsync("na-scale", default, new SerfQueryOptions { FilterNodes = [target.Name], Timeout = TimeSpan.FromSeconds(2) }))
            {
                Assert.Equal(target.Name, record.From);
                firstAnswer = query.Elapsed < firstAnswer ? query.Elapsed : firstAnswer;
                break; // the answer is what counts; the rest is Serf waiting out the timeout
            }
        }
        var wholeCluster = Stopwatch.StartNew();
        var answered = new List<string>();
        await foreach (var record in asker.QueryAsync("na-scale", default, new SerfQueryOptions { Timeout = TimeSpan.FromSeconds(2) }))
        {
            if (record.Kind == SerfQueryRecordKind.Response)
            {
                answered.Add(record.From);
            }
        }
        var answers = answered.Count;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Agents} agents all alive (seen by agent 0's client) {allAlive.TotalSeconds:F1} s after the first start; " +
            $"members call {members.TotalMilliseconds:F1} ms (best of 5); query to one node answered in {firstAnswer.TotalMilliseconds:F1} ms (best of 3); " +
            $"cluster-wide query: {answers} answers in {wholeCluster.Elapsed.TotalSeconds:F1} s"));
        Assert.True(answered.SequenceEqual([target.Name]), $"answers from: {string.Join(", ", answered)}");
        Assert.True(members < TimeSpan.FromMilliseconds(200), $"members took {members.TotalMilliseconds} ms");
        Assert.True(firstAnswer < TimeSpan.FromSeconds(1), $"the query took {firstAnswer.TotalMilliseconds} ms");
        await stream.DisposeAsync();
        await answering.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
