// SCRATCH (reverted): makes the Serf client reachable from Main so the AOT publish compiles and analyses it.
internal static class SerfProbe
{
    public static async Task<int> RunAsync(string endpoint, string peer)
    {
        await using var client = await NodeAgent.Discovery.Serf.SerfRpcClient.ConnectAsync(System.Net.IPEndPoint.Parse(endpoint));
        foreach (var m in await client.MembersAsync())
        {
            Console.WriteLine($"member {m.Name} {m.Address}:{m.Port} {m.Status} tags={string.Join(',', m.Tags.Select(t => $"{t.Key}={t.Value}"))}");
        }
        Console.WriteLine($"filtered {(await client.MembersFilteredAsync(new Dictionary<string, string> { ["role"] = ".*" }, "alive")).Count}");
        await client.SetTagsAsync(new Dictionary<string, string> { ["probe"] = "1" }, ["none"]);
        await using var stream = await client.StreamAsync("user:probe,query:probe");
        await client.UserEventAsync("probe", new byte[] { 1, 2, 3 }, false);
        Console.WriteLine($"event {await stream.ReadAsync()}");
        var answering = Task.Run(async () =>
        {
            await foreach (var e in stream.ReadAllAsync())
            {
                if (e is NodeAgent.Discovery.Serf.SerfQueryEvent q) await client.RespondAsync(q.Id, "pong"u8.ToArray());
            }
        });
        await foreach (var r in client.QueryAsync("probe", "ping"u8.ToArray(), new NodeAgent.Discovery.Serf.SerfQueryOptions { Timeout = TimeSpan.FromSeconds(1), RequestAck = true }))
        {
            Console.WriteLine($"query {r.Kind} {r.From} {System.Text.Encoding.UTF8.GetString(r.Payload)}");
        }
        Console.WriteLine($"stats {(await client.StatsAsync())["agent"]["name"]}");
        Console.WriteLine($"join {await client.JoinAsync([peer])}");
        await client.StopStreamAsync(stream.Seq);
        await client.LeaveAsync();
        Console.WriteLine($"closed: {(await client.Closed).Message}");
        return 0;
    }
}
