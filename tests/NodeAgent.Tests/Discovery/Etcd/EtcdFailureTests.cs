using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NodeAgent.Discovery.Etcd;

namespace NodeAgent.Tests.Discovery.Etcd;

/// <summary>etcd missing, or dying under a watch, and a 3-member cluster losing its leader.</summary>
[Trait("Category", "Etcd")]
public sealed class EtcdFailureTests
{
    [Fact]
    public async Task NoEtcdFailsQuicklyNamingEveryEndpoint()
    {
        var ports = EtcdProcess.FreePorts(1)[0];
        using var client = new EtcdClient([$"http://127.0.0.1:{ports.Client}", $"http://127.0.0.1:{ports.Peer}"]);
        var watch = Stopwatch.StartNew();

        var range = await Assert.ThrowsAsync<EtcdException>(() => client.RangeAsync("/x/"));
        var watching = await Assert.ThrowsAsync<EtcdException>(() => client.WatchAsync("/x/"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
        Assert.Equal(
            $"no etcd member answered `/v3/kv/range`: nothing is listening at http://127.0.0.1:{ports.Client} (connection refused); start the server there or correct the address | " +
            $"nothing is listening at http://127.0.0.1:{ports.Peer} (connection refused); start the server there or correct the address. " +
            "Is etcd running, and are these its --advertise-client-urls?",
            range.Message);
        Assert.StartsWith("no etcd member accepted a watch on '/x/': nothing is listening at", watching.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EtcdKilledMidWatchEndsTheWatchWithAClearException()
    {
        await using var member = await EtcdProcess.StartSingleAsync("dying");
        using var client = new EtcdClient([member.ClientUrl]);
        using var watch = await client.WatchAsync("/w/");
        var put = await client.PutAsync("/w/a", "1"u8.ToArray());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = await watch.ReadAsync(timeout.Token);
        var reading = watch.ReadAsync(timeout.Token).AsTask();

        await member.KillAsync();
        var error = await Assert.ThrowsAsync<EtcdException>(() => reading);
        var again = await Assert.ThrowsAsync<EtcdException>(async () => await watch.ReadAsync());

        Assert.Equal(put, seen.Revision);
        Assert.StartsWith($"etcd at {member.ClientUrl} ended the watch on '/w/' (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"); watch again from revision {put + 1}, on another member if this one is down", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, again.Message);
    }

    [Fact]
    public async Task LosingTheLeaderTheClientGoesOnThroughTheOthersAndTheWatchResumesWithoutLoss()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        // The leader first, so the client works through it until it dies.
        using var probe = new EtcdClient(cluster.ClientUrls);
        var leaderIndex = -1;
        for (var i = 0; i < 3; i++)
        {
            if ((await probe.StatusAsync(i)).IsLeader)
            {
                leaderIndex = i;
            }
        }
        Assert.NotEqual(-1, leaderIndex);
        var leader = cluster.Members[leaderIndex];
        using var client = new EtcdClient([leader.ClientUrl, .. cluster.ClientUrls.Where(u => u != leader.ClientUrl)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = await client.WatchAsync("/c/", cancellationToken: timeout.Token);
        var seen = new List<EtcdWatchEvent>();
        for (var i = 0; i < 3; i++)
        {
            await client.PutAsync($"/c/{i}", Encoding.UTF8.GetBytes($"v{i}"), cancellationToken: timeout.Token);
            seen.Add(await watch.ReadAsync(timeout.Token));
        }

        await leader.KillAsync();
        var written = new List<long>();
        for (var i = 3; i < 6; i++)
        {
            written.Add(await client.PutAsync($"/c/{i}", Encoding.UTF8.GetBytes($"v{i}"), cancellationToken: timeout.Token));
        }
        var ended = await Assert.ThrowsAsync<EtcdException>(async () => await watch.ReadAsync(timeout.Token));
        var resumeFrom = watch.NextRevision;
        watch.Dispose();
        using var resumed = await client.WatchAsync("/c/", resumeFrom, timeout.Token);
        for (var i = 0; i < 3; i++)
        {
            seen.Add(await resumed.ReadAsync(timeout.Token));
        }
        var range = await client.RangeAsync("/c/", cancellationToken: timeout.Token);

        Assert.NotEqual(leader.ClientUrl, client.CurrentEndpoint.ToString());
        Assert.NotEqual(leader.ClientUrl, resumed.Member.ToString());
        Assert.Contains($"etcd at {leader.ClientUrl} ended the watch on '/c/'", ended.Message, StringComparison.Ordinal);
        Assert.Equal(["/c/0", "/c/1", "/c/2", "/c/3", "/c/4", "/c/5"], seen.Select(e => e.KeyText));
        Assert.Equal(written, seen.Skip(3).Select(e => e.Revision));
        Assert.Equal(6, range.Items.Count);
    }

    [Fact]
    public async Task WhereEtcdNeverAnswersTheCallTimesOutAndTheNextMemberIsTried()
    {
        // A listener that accepts and never answers: a member frozen, or a firewall that swallows packets.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var member = await EtcdProcess.StartSingleAsync("behind");
        var options = new EtcdClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        using var client = new EtcdClient([$"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", member.ClientUrl], options);
        var watch = Stopwatch.StartNew();

        await client.PutAsync("/t/a", "1"u8.ToArray());

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.Equal(member.ClientUrl, client.CurrentEndpoint.ToString());
    }
}
